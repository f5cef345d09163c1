import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, postgresConnectionConfig, type OpenDatabase } from '../platform/db/database.server';
import { migrateToLatest } from '../platform/db/migrate.server';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a schema
 * of its own on the PostgreSQL server named by DATABASE_URL (dropped afterwards), so that
 * the suite runs unchanged on both.
 */
export async function createTestDatabase({ migrate = true } = {}): Promise<OpenDatabase> {
  const url = process.env.DATABASE_URL;
  const opened = url ? await openSchema(url) : await openDatabase({ kind: 'embedded', dataDir: null });
  if (migrate) await migrateToLatest(opened.db);
  return opened;
}

async function openSchema(url: string): Promise<OpenDatabase> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client(postgresConnectionConfig(url));
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  // In public, once for every test schema: a schema's own copy would go when it is dropped.
  await admin.query('create extension if not exists pg_trgm with schema public').catch((error: { code?: string }) => {
    // Two test files creating it at the same moment: the other one did.
    if (error.code !== '23505') throw error;
  });
  await admin.end();
  const opened = await openDatabase({ kind: 'postgres', url, schema });
  return {
    ...opened,
    close: async () => {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(opened.db);
      await opened.close();
    },
  };
}

export const usingRealPostgres = Boolean(process.env.DATABASE_URL);
