import { Migrator, sql, type Kysely, type MigrationResult } from 'kysely';
import { migrations } from '../../migrations/index';

// The migration tables live in the connection's own schema, named explicitly: left unnamed,
// Kysely looks for them in every schema and would take another schema's tables for its own.
async function migratorFor(db: Kysely<any>): Promise<Migrator> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'plenum_migrations',
    migrationLockTableName: 'plenum_migrations_lock',
    migrationTableSchema: rows[0]?.schema ?? 'public',
  });
}

export class MigrationFailedError extends Error {
  constructor(
    readonly migration: string | undefined,
    override readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Migration ${migration ?? '(unknown)'} failed: ${reason}`);
    this.name = 'MigrationFailedError';
  }
}

function settle({ error, results }: { error?: unknown; results?: MigrationResult[] }): MigrationResult[] {
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new MigrationFailedError(failed?.migrationName, error);
  }
  return results ?? [];
}

/** Applies every pending migration, in order, each in its own transaction. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResult[]> {
  return settle(await (await migratorFor(db)).migrateToLatest());
}

/** Reverts the most recent migration. */
export async function migrateDown(db: Kysely<any>): Promise<MigrationResult[]> {
  return settle(await (await migratorFor(db)).migrateDown());
}
