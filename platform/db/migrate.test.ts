import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index';
import { createTestDatabase } from '../../test/database';
import type { OpenDatabase } from './database.server';
import { migrateDown, migrateToLatest } from './migrate.server';

let database: OpenDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});
afterAll(() => database?.close());

async function tables(): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_name not like 'plenum_migrations%'
    order by table_name`.execute(database.db);
  return rows.map((row) => row.table_name);
}

describe('migrations', () => {
  it('registers every migration file of the migrations folder', () => {
    const files = fs
      .readdirSync(path.resolve('migrations'))
      .filter((file) => /^\d{4}-.+\.ts$/.test(file))
      .map((file) => file.replace(/\.ts$/, ''));
    expect(Object.keys(migrations).sort()).toEqual(files.sort());
  });

  it('applies every migration, reverts each with down, and applies them again', async () => {
    const applied = await migrateToLatest(database.db);
    expect(applied.map((result) => result.status)).toEqual(Object.keys(migrations).map(() => 'Success'));
    expect(await tables()).toEqual([
      'column_summaries',
      'consultations',
      'email_tokens',
      'extracts',
      'gauge_votes',
      'ideas',
      'imported_voters',
      'invitations',
      'memberships',
      'module_instances',
      'organisations',
      'participant_segments',
      'phase_schedules',
      'phase_transitions',
      'platform_settings',
      'post_reactions',
      'post_reports',
      'post_revisions',
      'posts',
      'proposal_results',
      'proposal_votes',
      'proposals',
      'rate_limit_hits',
      'sessions',
      'themes',
      'thread_visits',
      'token_allocations',
      'token_ballots',
      'uploads',
      'users',
    ]);

    for (let i = 0; i < Object.keys(migrations).length; i++) await migrateDown(database.db);
    expect(await tables()).toEqual([]);

    await migrateToLatest(database.db);
    expect(await tables()).toHaveLength(30);
  });

  it('is a no-op when the database is already up to date', async () => {
    expect(await migrateToLatest(database.db)).toEqual([]);
  });
});
