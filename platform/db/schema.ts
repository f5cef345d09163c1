import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { LocalizedText } from '../i18n/languages';
import type { RichTextDoc } from '../rich-text/extensions';
import type { RateLimitHitsTable } from '../rate-limit/rate-limit.server';
import type { ConsultationRole } from '../roles';
import type { LifecycleEventType, LifecycleState, Phase } from '../phases';

/** A timestamp column: read as a Date, written as a Date or ISO string, defaulted by the database. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A jsonb column holding text in several languages. */
type Localized = ColumnType<LocalizedText, LocalizedText, LocalizedText>;
/** A column the database fills with a default when an insert leaves it out. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export const segmentFields = ['age_band', 'gender', 'region', 'country', 'postcode'] as const;
export type SegmentField = (typeof segmentFields)[number];

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
  /** A rich-text document (TipTap JSON) per language. */
  description: ColumnType<Partial<Record<string, RichTextDoc>>, Partial<Record<string, RichTextDoc>> | string | undefined, Partial<Record<string, RichTextDoc>> | string>;
  languages: string[];
  default_language: string;
  anonymity: Defaulted<AnonymityPolicy>;
  moderation: Defaulted<ModerationPolicy>;
  /** Segment questions participants are asked (with their consent) in this consultation. */
  segment_fields: Defaulted<SegmentField[]>;
  /** Where the lifecycle stands; kept equal to the snapshot's value, for queries. */
  lifecycle_state: Defaulted<LifecycleState>;
  /** The persisted XState snapshot of the consultation's phase machine. */
  lifecycle_snapshot: ColumnType<unknown | null, string | null | undefined, string | null>;
  /** Bumped by every transition: two strategists switching at once, one wins. */
  lifecycle_version: Defaulted<number>;
  /** The phases this consultation uses, in order. */
  phases: Defaulted<Phase[]>;
  /** Sites (origins such as https://www.example-news.fr) allowed to embed the consultation's widget. */
  embed_origins: Defaulted<string[]>;
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
  /** Null for a pseudonymous participant who has not created an account. */
  email: string | null;
  display_name: string;
  preferred_language: string | null;
  is_platform_admin: Defaulted<boolean>;
  /** An argon2id hash; null until the person sets a password. */
  password_hash: string | null;
  is_anonymous: Defaulted<boolean>;
  /** Shown instead of the name to those who may not see identities (client viewers). */
  pseudonym: Generated<string>;
  created_at: CreatedAt;
}

export interface SessionsTable {
  /** A random secret; the cookie carries it signed. */
  id: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Date;
  user_agent: string | null;
}

export type EmailTokenPurpose = 'signup' | 'password_reset';

export interface EmailTokensTable {
  token_hash: string;
  purpose: EmailTokenPurpose;
  email: string;
  user_id: string | null;
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
}

export interface InvitationsTable {
  id: Generated<string>;
  consultation_id: string;
  email: string;
  role: ConsultationRole;
  token_hash: string;
  invited_by: string | null;
  created_at: CreatedAt;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_by: string | null;
}

export interface ParticipantSegmentsTable {
  consultation_id: string;
  user_id: string;
  field: SegmentField;
  value: string;
  consented_at: Date;
}

export interface PlatformSettingsTable {
  key: string;
  value: string;
  created_at: CreatedAt;
}

export interface MembershipsTable {
  consultation_id: string;
  user_id: string;
  role: ConsultationRole;
  /** The recruitment campaign the person came from (`?src=`), if any. */
  source: string | null;
  created_at: CreatedAt;
}

export interface PhaseSchedulesTable {
  consultation_id: string;
  phase: Phase;
  opens_at: Date | null;
  closes_at: Date | null;
}

export interface PhaseTransitionsTable {
  id: Generated<string>;
  consultation_id: string;
  from_state: LifecycleState;
  to_state: LifecycleState;
  event: LifecycleEventType;
  reason: string | null;
  /** Null when the scheduler applied a deadline. */
  actor_id: string | null;
  scheduled: Defaulted<boolean>;
  version: number;
  created_at: CreatedAt;
}

export interface ModuleInstancesTable {
  id: Generated<string>;
  consultation_id: string;
  phase: Phase;
  /** The module kind: a manifest id of modules/index.ts. */
  kind: string;
  /** Validated against the kind's config schema before it is written. */
  config: ColumnType<unknown, string, string>;
  /** Optional: the instance works on one theme or sub-theme only. */
  theme_id: string | null;
  position: Defaulted<number>;
  created_at: CreatedAt;
}

export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';

export interface UploadsTable {
  id: Generated<string>;
  content_type: ImageType;
  bytes: Uint8Array;
  size: number;
  uploaded_by: string | null;
  created_at: CreatedAt;
}

export type PostStatus = 'awaiting' | 'published' | 'hidden' | 'deleted';
export const reactionKinds = ['like', 'disagree', 'unclear', 'moreInfo', 'upvote'] as const;
export type ReactionKind = (typeof reactionKinds)[number];

/** A contribution (a post of a thread, an answer, an argument) or a reply to one: see platform/contributions. */
export interface PostsTable {
  id: Generated<string>;
  consultation_id: string;
  instance_id: string;
  parent_id: string | null;
  /** What within its module instance it belongs to (a question, an idea's column); '' in a thread. */
  topic: Defaulted<string>;
  depth: Defaulted<number>;
  /** Order of writing, from the `post_order` sequence; bigint comes back as a string. */
  seq: ColumnType<string, string | number | bigint, never>;
  sort_path: string;
  author_id: string;
  body: ColumnType<RichTextDoc, string, string>;
  body_html: string;
  body_text: string;
  language: Defaulted<string>;
  status: PostStatus;
  hidden_reason: string | null;
  moderated_by: string | null;
  moderated_at: Date | null;
  /** When others first saw it; null while it has never been published. */
  published_at: Date | null;
  created_at: CreatedAt;
  edited_at: Date | null;
  /** Bumped by every change, from the `post_changes` sequence. */
  change_seq: ColumnType<string, never, string>;
}

/** An earlier version of an edited post. */
export interface PostRevisionsTable {
  id: Generated<string>;
  post_id: string;
  body: ColumnType<RichTextDoc, string, string>;
  body_html: string;
  written_at: Date;
}

export interface PostReactionsTable {
  post_id: string;
  user_id: string;
  kind: ReactionKind;
  created_at: CreatedAt;
}

export interface PostReportsTable {
  id: Generated<string>;
  post_id: string;
  reporter_id: string;
  reason: string;
  created_at: CreatedAt;
  resolved_at: Date | null;
  resolved_by: string | null;
}

export interface ThreadVisitsTable {
  instance_id: string;
  user_id: string;
  last_seen_seq: ColumnType<string, string | number | bigint, string | number | bigint>;
  new_after_seq: ColumnType<string | null, string | number | bigint | null | undefined, string | number | bigint | null>;
  visited_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export const extractNatures = ['problem', 'solution', 'knowledge', 'example', 'concept', 'argument', 'cognitiveBias'] as const;
export type ExtractNature = (typeof extractNatures)[number];
export const extractNextSteps = ['classify', 'generalise', 'specify', 'argue', 'exemplify', 'merge', 'deepen', 'vote'] as const;
export type ExtractNextStep = (typeof extractNextSteps)[number];

/** An idea caught out of what participants wrote; ideas nest under broader ideas. */
export interface IdeasTable {
  id: Generated<string>;
  consultation_id: string;
  parent_id: string | null;
  theme_id: string | null;
  title: string;
  description: Defaulted<string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A passage of a post, caught into an idea. */
export interface ExtractsTable {
  id: Generated<string>;
  consultation_id: string;
  idea_id: string;
  post_id: string | null;
  quote: string;
  nature: ExtractNature;
  next_step: ExtractNextStep;
  important: Defaulted<boolean>;
  caught_by: string | null;
  created_at: CreatedAt;
}

/** A synthesizer's summary at the top of one column of an idea, in a two-column instance. */
export interface ColumnSummariesTable {
  instance_id: string;
  idea_id: string;
  column_key: string;
  body: ColumnType<unknown, string, string>;
  body_html: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string | null;
}

/** A participant's ballot in a token-vote instance: the row their changes lock, one at a time. */
export interface TokenBallotsTable {
  instance_id: string;
  user_id: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** True while the ballot holds a token or a gauge answer: the participant counts as a voter. */
  voted: Defaulted<boolean>;
  /** How many changes the participant made: their sum over a vote grows with every committed change. */
  changes: Defaulted<number>;
}

/** Tokens of one category a participant placed on one item (never 0: the row goes instead). */
export interface TokenAllocationsTable {
  instance_id: string;
  user_id: string;
  item_id: string;
  category_key: string;
  tokens: number;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A participant's answer to one gauge of one item: a number (numeric gauge) or a choice key (labelled gauge). */
export interface GaugeVotesTable {
  instance_id: string;
  user_id: string;
  item_id: string;
  gauge_key: string;
  value: number | null;
  choice: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type ProposalStatus = 'pending' | 'accepted' | 'refused' | 'postponed' | 'archived';
export type RefusalReason = 'incomprehensible' | 'offTopic' | 'partisan' | 'illegal' | 'advertising' | 'severalIdeas' | 'wrongLanguage' | 'rude' | 'alreadyExists' | 'other';
export type VoteKind = 'agree' | 'disagree' | 'neutral';
/** Where a vote or a proposal came from: the card stack, a proposal's own page, or the embedded widget. */
export type VoteSource = 'sequence' | 'proposal' | 'widget' | 'import';

/** A participant's answer to the consultation's question, after the fixed prefix ("Il faut…"). */
export interface ProposalsTable {
  id: Generated<string>;
  consultation_id: string;
  instance_id: string;
  author_id: string | null;
  /** The text after the prefix, as shown (a moderator may have corrected its spelling). */
  body: string;
  /** The text as its author wrote it. */
  original_body: string;
  language: string;
  theme_id: string | null;
  tags: Defaulted<string[]>;
  status: Defaulted<ProposalStatus>;
  refusal_reason: RefusalReason | null;
  /** The idea its duplicates are grouped into, if any. */
  idea_id: string | null;
  source: Defaulted<VoteSource>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  moderated_at: NullableTimestamp;
  moderated_by: string | null;
  /** The moderator handling it, until locked_until: two moderators never get the same one. */
  locked_by: string | null;
  locked_until: NullableTimestamp;
  /** Trusted votes only (a vote without a valid card key never counts). */
  agree: Defaulted<number>;
  disagree: Defaulted<number>;
  neutral: Defaulted<number>;
  /** Trusted votes cast from the sequence: below the threshold a proposal is "new". */
  sequence_votes: Defaulted<number>;
  untrusted_votes: Defaulted<number>;
  /** Times the proposal was served in a stack of cards. */
  impressions: Defaulted<number>;
  /** Its reference in the file it was imported from (`npm run import`), null otherwise. */
  external_ref: string | null;
  /** Trusted qualifications by key ({ likeIt: 12, … }). */
  qualifications: ColumnType<Record<string, number>, string | undefined, string>;
}

/** One participant's vote on one proposal (the primary key allows one), with its qualifications. */
export interface ProposalVotesTable {
  proposal_id: string;
  user_id: string;
  vote: VoteKind;
  qualifications: Defaulted<string[]>;
  source: VoteSource;
  /** False when the vote came without a valid card key: kept, never counted. */
  trusted: boolean;
  /** The voter's segment answers and recruitment source when they voted ({ region: 'Bretagne', source: 'newsletter' }). */
  segments: ColumnType<Record<string, string>, string | undefined, string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** The last computation of a proposals instance's emergence (modules/proposals/results-data.ts). */
export interface ProposalResultsTable {
  instance_id: string;
  computed_at: Date;
  fingerprint: string;
  duration_ms: number;
  results: ColumnType<unknown, string, string>;
  /** What the clustering keeps between updates (EmergenceState). */
  state: ColumnType<unknown, string | undefined, string>;
}

/** A voter created by an import, found again by their reference in the imported file. */
export interface ImportedVotersTable {
  instance_id: string;
  external_ref: string;
  user_id: string;
}

/** Every table of Plenum. Modules add theirs here when their migration creates them. */
export interface Database {
  organisations: OrganisationsTable;
  consultations: ConsultationsTable;
  themes: ThemesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  email_tokens: EmailTokensTable;
  invitations: InvitationsTable;
  participant_segments: ParticipantSegmentsTable;
  platform_settings: PlatformSettingsTable;
  rate_limit_hits: RateLimitHitsTable;
  phase_schedules: PhaseSchedulesTable;
  phase_transitions: PhaseTransitionsTable;
  module_instances: ModuleInstancesTable;
  uploads: UploadsTable;
  posts: PostsTable;
  post_revisions: PostRevisionsTable;
  post_reactions: PostReactionsTable;
  post_reports: PostReportsTable;
  thread_visits: ThreadVisitsTable;
  ideas: IdeasTable;
  extracts: ExtractsTable;
  column_summaries: ColumnSummariesTable;
  token_ballots: TokenBallotsTable;
  token_allocations: TokenAllocationsTable;
  gauge_votes: GaugeVotesTable;
  proposals: ProposalsTable;
  proposal_votes: ProposalVotesTable;
  proposal_results: ProposalResultsTable;
  imported_voters: ImportedVotersTable;
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
export type Invitation = Selectable<InvitationsTable>;
export type ModuleInstance = Selectable<ModuleInstancesTable>;
export type PhaseTransition = Selectable<PhaseTransitionsTable>;
export type Post = Selectable<PostsTable>;
export type Idea = Selectable<IdeasTable>;
export type Extract = Selectable<ExtractsTable>;
