import { sql, type Kysely } from 'kysely';

// Fixed windows, one row per key and window: each attempt is a single atomic upsert on
// (key, window_start), which a sliding log (one row per attempt) or a sliding estimate (two
// windows read then one written) cannot be. The price, up to twice the limit across a window
// boundary, is harmless against guessing passwords. Redis uses the same windows.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table rate_limit_hits (
      key text not null,
      window_start timestamptz not null,
      expires_at timestamptz not null,
      hits integer not null check (hits > 0),
      primary key (key, window_start),
      constraint rate_limit_hits_window_is_positive check (expires_at > window_start)
    )`.execute(db);
  // Windows differ in length from rule to rule, so a purge looks at when each one ends.
  await sql`create index rate_limit_hits_expires_idx on rate_limit_hits (expires_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists rate_limit_hits`.execute(db);
}
