import { sql, type Kysely } from 'kysely';

// Plain SQL, one statement per call: PGlite runs each query through the extended protocol,
// which takes a single statement.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table organisations (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      name text not null check (length(trim(name)) > 0),
      logo_url text,
      primary_color text not null default '#1f3a5f' check (primary_color ~ '^#[0-9a-fA-F]{6}$'),
      secondary_color text not null default '#e9eef5' check (secondary_color ~ '^#[0-9a-fA-F]{6}$'),
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table consultations (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations (id) on delete restrict,
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      question jsonb not null check (jsonb_typeof(question) = 'object' and question <> '{}'::jsonb),
      description jsonb not null default '{}'::jsonb check (jsonb_typeof(description) = 'object'),
      languages text[] not null check (cardinality(languages) >= 1),
      default_language text not null,
      anonymity text not null default 'forbidden' check (anonymity in ('forbidden', 'allowed')),
      moderation text not null default 'post' check (moderation in ('pre', 'post')),
      starts_at timestamptz,
      ends_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint consultations_default_language_is_offered check (default_language = any (languages)),
      constraint consultations_ends_after_start check (starts_at is null or ends_at is null or ends_at > starts_at)
    )`.execute(db);
  await sql`create index consultations_organisation_idx on consultations (organisation_id)`.execute(db);

  // Two levels only, enforced by the database itself: a sub-theme's foreign key points at a
  // row of the same consultation whose level is 1, so a sub-sub-theme cannot exist.
  await sql`
    create table themes (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id) on delete cascade,
      parent_id uuid,
      level smallint generated always as (case when parent_id is null then 1 else 2 end) stored,
      parent_level smallint generated always as (case when parent_id is null then null else 1 end) stored,
      slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      title jsonb not null check (jsonb_typeof(title) = 'object' and title <> '{}'::jsonb),
      description jsonb not null default '{}'::jsonb check (jsonb_typeof(description) = 'object'),
      position integer not null default 0,
      created_at timestamptz not null default now(),
      unique (consultation_id, slug),
      unique (id, consultation_id, level),
      foreign key (parent_id, consultation_id, parent_level)
        references themes (id, consultation_id, level) on delete cascade
    )`.execute(db);
  await sql`create index themes_parent_idx on themes (parent_id)`.execute(db);

  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null check (position('@' in email) > 1),
      display_name text not null check (length(trim(display_name)) > 0),
      preferred_language text,
      is_platform_admin boolean not null default false,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index users_email_idx on users (lower(email))`.execute(db);

  await sql`
    create table memberships (
      consultation_id uuid not null references consultations (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      role text not null check (role in ('participant', 'moderator', 'idea_catcher', 'synthesizer',
        'strategist', 'expert', 'client_viewer')),
      created_at timestamptz not null default now(),
      primary key (consultation_id, user_id, role)
    )`.execute(db);
  await sql`create index memberships_user_idx on memberships (user_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['memberships', 'users', 'themes', 'consultations', 'organisations']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
