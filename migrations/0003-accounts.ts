import { sql, type Kysely } from 'kysely';

// Accounts, sessions, e-mail tokens, invitations, recruitment sources and segment answers.
// One statement per query, as PGlite requires.
export async function up(db: Kysely<any>): Promise<void> {
  // Pseudonymous participants have no e-mail and no password until they create an account.
  await sql`alter table users alter column email drop not null`.execute(db);
  await sql`alter table users add column password_hash text`.execute(db);
  await sql`alter table users add column is_anonymous boolean not null default false`.execute(db);
  // What a client viewer sees instead of a name: stable, unique, meaningless.
  await sql`
    alter table users add column pseudonym text not null unique
      default ('P-' || upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 8)))`.execute(db);
  await sql`
    alter table users add constraint users_account_has_email
      check (is_anonymous or email is not null)`.execute(db);

  await sql`
    create table sessions (
      id text primary key,
      user_id uuid not null references users (id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      user_agent text
    )`.execute(db);
  await sql`create index sessions_user_idx on sessions (user_id)`.execute(db);

  // Single-use links sent by e-mail (sign-up, password reset). Only a hash of the token is kept.
  await sql`
    create table email_tokens (
      token_hash text primary key,
      purpose text not null check (purpose in ('signup', 'password_reset')),
      email text not null,
      user_id uuid references users (id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);

  await sql`
    create table invitations (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id) on delete cascade,
      email text not null,
      role text not null check (role in ('participant', 'moderator', 'idea_catcher', 'synthesizer',
        'strategist', 'expert', 'client_viewer')),
      token_hash text not null unique,
      invited_by uuid references users (id) on delete set null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      accepted_at timestamptz,
      accepted_by uuid references users (id) on delete set null
    )`.execute(db);
  await sql`create index invitations_consultation_idx on invitations (consultation_id)`.execute(db);

  // The campaign a participant came from (?src=newsletter), so results can be split by it.
  await sql`alter table memberships add column source text`.execute(db);

  // Segment questions a strategist switched on for a consultation.
  await sql`alter table consultations add column segment_fields text[] not null default '{}'`.execute(db);
  await sql`
    create table participant_segments (
      consultation_id uuid not null references consultations (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      field text not null check (field in ('age_band', 'gender', 'region', 'country', 'postcode')),
      value text not null check (length(value) between 1 and 100),
      consented_at timestamptz not null,
      primary key (consultation_id, user_id, field)
    )`.execute(db);

  // Settings the platform generates for itself, such as the cookie signing secret when
  // SESSION_SECRET is not given: every process sharing the database shares them.
  await sql`
    create table platform_settings (
      key text primary key,
      value text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['platform_settings', 'participant_segments', 'invitations', 'email_tokens', 'sessions']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`alter table consultations drop column segment_fields`.execute(db);
  await sql`alter table memberships drop column source`.execute(db);
  await sql`delete from users where email is null`.execute(db);
  await sql`alter table users drop constraint users_account_has_email`.execute(db);
  await sql`alter table users drop column pseudonym`.execute(db);
  await sql`alter table users drop column is_anonymous`.execute(db);
  await sql`alter table users drop column password_hash`.execute(db);
  await sql`alter table users alter column email set not null`.execute(db);
}
