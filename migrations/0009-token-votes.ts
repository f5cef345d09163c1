import { sql, type Kysely } from 'kysely';

// The token-vote module: tokens a participant places on items (ideas, later proposals), their
// gauge votes, and one ballot row per participant and instance (`voted` while it holds any). Every change of a participant
// first updates their ballot row, which locks it until the change commits: that is how their
// budgets hold however many requests arrive at once (docs/decisions/008-token-budgets.md).
// Items are ideas or proposals, so item_id carries no foreign key; results read the items the
// instance's configuration lists. One statement per query.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table token_ballots (
      instance_id uuid not null references module_instances (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      voted boolean not null default false,
      changes integer not null default 0,
      primary key (instance_id, user_id)
    )`.execute(db);
  // The vote's state (the sum of changes grows with every committed change: results are recomputed
  // only when it moves) and its voters, read from this index alone.
  await sql`create index token_ballots_state on token_ballots (instance_id) include (changes, voted)`.execute(db);
  await sql`
    create table token_allocations (
      instance_id uuid not null,
      user_id uuid not null,
      item_id uuid not null,
      category_key text not null check (category_key ~ '^[a-z]{1,8}$'),
      tokens integer not null check (tokens > 0),
      updated_at timestamptz not null default now(),
      primary key (instance_id, user_id, item_id, category_key),
      foreign key (instance_id, user_id) references token_ballots (instance_id, user_id) on delete cascade
    )`.execute(db);
  await sql`create index token_allocations_item on token_allocations (instance_id, item_id, category_key)`.execute(db);
  await sql`
    create table gauge_votes (
      instance_id uuid not null,
      user_id uuid not null,
      item_id uuid not null,
      gauge_key text not null check (gauge_key ~ '^[a-z]{1,8}$'),
      value double precision,
      choice text,
      updated_at timestamptz not null default now(),
      primary key (instance_id, user_id, item_id, gauge_key),
      foreign key (instance_id, user_id) references token_ballots (instance_id, user_id) on delete cascade,
      check ((value is null) <> (choice is null))
    )`.execute(db);
  await sql`create index gauge_votes_item on gauge_votes (instance_id, item_id, gauge_key)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists gauge_votes`.execute(db);
  await sql`drop table if exists token_allocations`.execute(db);
  await sql`drop table if exists token_ballots`.execute(db);
}
