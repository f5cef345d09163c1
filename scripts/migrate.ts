/**
 * `npm run migrate` applies every pending migration; `npm run migrate -- down` reverts the
 * latest one. Works on DATABASE_URL or on the embedded database in DATA_DIR, like the server.
 */
import { ConfigError, loadConfig } from '../platform/config.server';
import { openDatabase } from '../platform/db/database.server';
import { migrateDown, migrateToLatest } from '../platform/db/migrate.server';

const direction = process.argv[2] ?? 'up';
if (direction !== 'up' && direction !== 'down') {
  process.stderr.write(`plenum: unknown direction "${direction}": use \`npm run migrate\` or \`npm run migrate -- down\`.\n`);
  process.exit(2);
}

try {
  const database = await openDatabase(loadConfig().database);
  try {
    const results = direction === 'up' ? await migrateToLatest(database.db) : await migrateDown(database.db);
    if (results.length === 0) {
      process.stdout.write(direction === 'up' ? 'The database is up to date.\n' : 'There is no migration to revert.\n');
    }
    for (const result of results) {
      process.stdout.write(`${direction === 'up' ? 'Applied' : 'Reverted'} ${result.migrationName}\n`);
    }
  } finally {
    await database.close();
  }
} catch (error) {
  process.stderr.write(`plenum: ${error instanceof ConfigError ? error.message : (error as Error).message.split('\n')[0]}\n`);
  process.exit(1);
}
