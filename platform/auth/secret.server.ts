import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ConfigError } from '../config.server';
import type { Database } from '../db/schema';

/**
 * The secret that signs cookies: SESSION_SECRET when given, else one generated on first start
 * and kept in the database, so sessions survive restarts and every process shares it without
 * a secret ever being written in the repository.
 */
export async function resolveSessionSecret(db: Kysely<Database>, fromEnv: string | undefined): Promise<string> {
  if (fromEnv) {
    if (fromEnv.length < 32) {
      throw new ConfigError('SESSION_SECRET is too short: use at least 32 random characters, e.g. the output of `openssl rand -hex 32`.');
    }
    return fromEnv;
  }
  await db
    .insertInto('platform_settings')
    .values({ key: 'session_secret', value: randomBytes(32).toString('hex') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const { value } = await db.selectFrom('platform_settings').select('value').where('key', '=', 'session_secret').executeTakeFirstOrThrow();
  return value;
}
