import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { LocalizedText } from '../i18n/languages';
import type { ConsultationRole } from '../roles';

/** A timestamp column: read as a Date, written as a Date or ISO string, defaulted by the database. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A jsonb column holding text in several languages. */
type Localized = ColumnType<LocalizedText, LocalizedText, LocalizedText>;
/** A column the database fills with a default when an insert leaves it out. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type AnonymityPolicy = 'forbidden' | 'allowed';
export type ModerationPolicy = 'pre' | 'post';

export interface OrganisationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  logo_url: string | null;
  primary_color: Defaulted<string>;
  secondary_color: Defaulted<string>;
  created_at: CreatedAt;
}

export interface ConsultationsTable {
  id: Generated<string>;
  organisation_id: string;
  slug: string;
  question: Localized;
  description: Defaulted<LocalizedText>;
  languages: string[];
  default_language: string;
  anonymity: Defaulted<AnonymityPolicy>;
  moderation: Defaulted<ModerationPolicy>;
  starts_at: NullableTimestamp;
  ends_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Themes have two levels: a theme, and sub-themes whose parent is a theme. */
export interface ThemesTable {
  id: Generated<string>;
  consultation_id: string;
  parent_id: string | null;
  /** 1 for a theme, 2 for a sub-theme; computed by the database from parent_id. */
  level: ColumnType<1 | 2, never, never>;
  slug: string;
  title: Localized;
  description: Defaulted<LocalizedText>;
  position: Defaulted<number>;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  preferred_language: string | null;
  is_platform_admin: Defaulted<boolean>;
  created_at: CreatedAt;
}

export interface MembershipsTable {
  consultation_id: string;
  user_id: string;
  role: ConsultationRole;
  created_at: CreatedAt;
}

/** Every table of Plenum. Modules add theirs here when their migration creates them. */
export interface Database {
  organisations: OrganisationsTable;
  consultations: ConsultationsTable;
  themes: ThemesTable;
  users: UsersTable;
  memberships: MembershipsTable;
}

export type Organisation = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type Consultation = Selectable<ConsultationsTable>;
export type NewConsultation = Insertable<ConsultationsTable>;
export type ConsultationUpdate = Updateable<ConsultationsTable>;
export type Theme = Selectable<ThemesTable>;
export type NewTheme = Insertable<ThemesTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Membership = Selectable<MembershipsTable>;
