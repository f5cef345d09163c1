import { sql, type Kysely } from 'kysely';

// The two-column module's summaries: what a synthesizer writes at the top of each column of an
// idea (arguments themselves are posts, topic `<idea id>:<column key>`). One statement per query.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table column_summaries (
      instance_id uuid not null references module_instances (id) on delete cascade,
      idea_id uuid not null references ideas (id) on delete cascade,
      column_key text not null check (column_key ~ '^[a-z]{1,8}$'),
      body jsonb not null,
      body_html text not null,
      updated_at timestamptz not null default now(),
      updated_by uuid references users (id) on delete set null,
      primary key (instance_id, idea_id, column_key)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists column_summaries`.execute(db);
}
