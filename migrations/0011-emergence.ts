import { sql, type Kysely } from 'kysely';

/*
 * Emergence (results of a massive consultation): one stored computation per proposals instance,
 * written by the background job and read by the results pages; how often each proposal was
 * served; and proposals and votes imported from elsewhere (offline workshops, another tool),
 * each traced to its row in the imported file.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table proposal_results (
      instance_id uuid primary key references module_instances (id) on delete cascade,
      computed_at timestamptz not null,
      fingerprint text not null,
      duration_ms integer not null check (duration_ms >= 0),
      results jsonb not null,
      state jsonb not null default '{}'
    )`.execute(db);
  await sql`alter table proposals add column impressions integer not null default 0 check (impressions >= 0)`.execute(db);
  await sql`alter table proposals add column external_ref text check (length(external_ref) between 1 and 200)`.execute(db);
  await sql`create unique index proposals_external_ref on proposals (instance_id, external_ref) where external_ref is not null`.execute(db);
  await sql`alter table proposals drop constraint proposals_source_check`.execute(db);
  await sql`alter table proposals add constraint proposals_source_check check (source in ('sequence', 'proposal', 'widget', 'import'))`.execute(db);
  await sql`alter table proposal_votes drop constraint proposal_votes_source_check`.execute(db);
  await sql`alter table proposal_votes add constraint proposal_votes_source_check check (source in ('sequence', 'proposal', 'widget', 'import'))`.execute(db);
  // An imported voter is a pseudonymous participant, found again by their reference in the file.
  await sql`
    create table imported_voters (
      instance_id uuid not null references module_instances (id) on delete cascade,
      external_ref text not null check (length(external_ref) between 1 and 200),
      user_id uuid not null references users (id) on delete cascade,
      primary key (instance_id, external_ref)
    )`.execute(db);
  // Eight hex digits (0003) collide once a consultation counts tens of thousands of pseudonymous
  // participants (about one chance in four at 50,000, and the column is unique): new ones get 16.
  await sql`alter table users alter column pseudonym set default ('P-' || upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 16)))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table users alter column pseudonym set default ('P-' || upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 8)))`.execute(db);
  await sql`drop table if exists imported_voters`.execute(db);
  await sql`delete from proposal_votes where source = 'import'`.execute(db);
  await sql`delete from proposals where source = 'import'`.execute(db);
  await sql`alter table proposal_votes drop constraint proposal_votes_source_check`.execute(db);
  await sql`alter table proposal_votes add constraint proposal_votes_source_check check (source in ('sequence', 'proposal', 'widget'))`.execute(db);
  await sql`alter table proposals drop constraint proposals_source_check`.execute(db);
  await sql`alter table proposals add constraint proposals_source_check check (source in ('sequence', 'proposal', 'widget'))`.execute(db);
  await sql`drop index if exists proposals_external_ref`.execute(db);
  await sql`alter table proposals drop column if exists external_ref`.execute(db);
  await sql`alter table proposals drop column if exists impressions`.execute(db);
  await sql`drop table if exists proposal_results`.execute(db);
}
