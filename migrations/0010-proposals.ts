import { sql, type Kysely } from 'kysely';

// The proposals module (massive consultation): proposals written after a fixed prefix, moderated
// by people with machine help, voted agree / disagree / neutral and qualified, served to voters
// by a fair sequence. Counters on each proposal count trusted votes only and are updated in the
// vote's transaction. pg_trgm finds look-alike proposals (a trusted extension since PostgreSQL
// 13: the database owner may create it). The sites allowed to embed a consultation's widget are
// the consultation's. One statement per query.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`alter table consultations add column embed_origins text[] not null default '{}'`.execute(db);
  await sql`
    create table proposals (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id) on delete cascade,
      instance_id uuid not null references module_instances (id) on delete restrict,
      author_id uuid references users (id) on delete set null,
      body text not null check (length(body) between 1 and 400),
      original_body text not null,
      language text not null check (language ~ '^[a-z]{2}$'),
      theme_id uuid references themes (id) on delete set null,
      tags text[] not null default '{}',
      status text not null default 'pending' check (status in ('pending', 'accepted', 'refused', 'postponed', 'archived')),
      refusal_reason text check (refusal_reason in ('incomprehensible', 'offTopic', 'partisan', 'illegal', 'advertising', 'severalIdeas', 'wrongLanguage', 'rude', 'alreadyExists', 'other')),
      idea_id uuid references ideas (id) on delete set null,
      source text not null default 'proposal' check (source in ('sequence', 'proposal', 'widget')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      moderated_at timestamptz,
      moderated_by uuid references users (id) on delete set null,
      locked_by uuid references users (id) on delete set null,
      locked_until timestamptz,
      agree integer not null default 0 check (agree >= 0),
      disagree integer not null default 0 check (disagree >= 0),
      neutral integer not null default 0 check (neutral >= 0),
      sequence_votes integer not null default 0 check (sequence_votes >= 0),
      untrusted_votes integer not null default 0 check (untrusted_votes >= 0),
      qualifications jsonb not null default '{}',
      check ((status = 'refused') = (refusal_reason is not null))
    )`.execute(db);
  await sql`create index proposals_queue on proposals (instance_id, status, created_at)`.execute(db);
  await sql`create index proposals_author on proposals (instance_id, author_id)`.execute(db);
  await sql`create index proposals_idea on proposals (idea_id) where idea_id is not null`.execute(db);
  await sql`create index proposals_body_trgm on proposals using gin (body gin_trgm_ops)`.execute(db);
  await sql`
    create table proposal_votes (
      proposal_id uuid not null references proposals (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      vote text not null check (vote in ('agree', 'disagree', 'neutral')),
      qualifications text[] not null default '{}',
      source text not null check (source in ('sequence', 'proposal', 'widget')),
      trusted boolean not null,
      segments jsonb not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (proposal_id, user_id)
    )`.execute(db);
  await sql`create index proposal_votes_user on proposal_votes (user_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists proposal_votes`.execute(db);
  await sql`drop table if exists proposals`.execute(db);
  await sql`alter table consultations drop column if exists embed_origins`.execute(db);
}
