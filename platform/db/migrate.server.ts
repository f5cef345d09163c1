import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { migrations } from '../../migrations/index';

function migratorFor(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'plenum_migrations',
    migrationLockTableName: 'plenum_migrations_lock',
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
  return settle(await migratorFor(db).migrateToLatest());
}

/** Reverts the most recent migration. */
export async function migrateDown(db: Kysely<any>): Promise<MigrationResult[]> {
  return settle(await migratorFor(db).migrateDown());
}
