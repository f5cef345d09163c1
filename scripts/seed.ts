/**
 * `npm run seed` writes the demo consultations into the configured database (DATABASE_URL or
 * the embedded one). Consultations already there are left untouched.
 */
import { seedDemo } from '../demo/seed.server';
import { ConfigError, loadConfig } from '../platform/config.server';
import { openDatabase } from '../platform/db/database.server';
import { migrateToLatest } from '../platform/db/migrate.server';

try {
  const database = await openDatabase(loadConfig().database);
  try {
    await migrateToLatest(database.db);
    const report = await seedDemo(database.db, { strategistPassword: process.env.DEMO_PASSWORD });
    for (const slug of report.created) process.stdout.write(`Created the demo consultation ${slug}\n`);
    for (const slug of report.alreadyPresent) process.stdout.write(`Already present, left as it is: ${slug}\n`);
    if (report.strategist) {
      process.stdout.write(`Demo strategist: sign in as ${report.strategist.email} with the password ${report.strategist.password}\n`);
    }
  } finally {
    await database.close();
  }
} catch (error) {
  process.stderr.write(`plenum: ${error instanceof ConfigError ? error.message : (error as Error).message.split('\n')[0]}\n`);
  process.exit(1);
}
