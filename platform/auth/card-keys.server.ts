import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/*
 * Card keys: each proposal served to a participant carries a key binding the proposal to them,
 * so that a vote sent by a script that never asked for the card is told apart (kept, marked
 * untrusted, never counted). The signing secret is generated once and kept in the database,
 * shared by every process, never written in the repository.
 */

const settingKey = 'card_key_secret';
const secrets = new WeakMap<Kysely<Database>, Promise<Buffer>>();

function secretOf(db: Kysely<Database>): Promise<Buffer> {
  let secret = secrets.get(db);
  if (!secret) {
    secret = (async () => {
      await db
        .insertInto('platform_settings')
        .values({ key: settingKey, value: randomBytes(32).toString('hex') })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      const { value } = await db.selectFrom('platform_settings').select('value').where('key', '=', settingKey).executeTakeFirstOrThrow();
      return Buffer.from(value, 'hex');
    })();
    secret.catch(() => secrets.delete(db));
    secrets.set(db, secret);
  }
  return secret;
}

const sign = (secret: Buffer, proposalId: string, userId: string) => createHmac('sha256', secret).update(`card:${proposalId}:${userId}`).digest('base64url').slice(0, 32);

/** The key of a card showing `proposalId` to `userId`. */
export async function cardKey(db: Kysely<Database>, proposalId: string, userId: string): Promise<string> {
  return sign(await secretOf(db), proposalId, userId);
}

/** Whether `key` is the key of that proposal's card for that participant. */
export async function isCardKey(db: Kysely<Database>, key: string, proposalId: string, userId: string): Promise<boolean> {
  const expected = Buffer.from(sign(await secretOf(db), proposalId, userId));
  const given = Buffer.from(key);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A voter's stable pseudonym in a consultation's exports: an HMAC of their id with the same
 * secret, so that an analyst can follow one voter across rows and files without learning who
 * they are, and pseudonyms of two consultations cannot be matched with each other.
 */
export async function voterPseudonyms(db: Kysely<Database>, consultationId: string): Promise<(userId: string) => string> {
  const secret = await secretOf(db);
  // Hex, not base64url: a pseudonym starting with "-" would be taken for a formula and escaped in
  // the CSV (one in 64), and would then differ between the CSV and the workbook.
  return (userId) => createHmac('sha256', secret).update(`voter:${consultationId}:${userId}`).digest('hex').slice(0, 16);
}
