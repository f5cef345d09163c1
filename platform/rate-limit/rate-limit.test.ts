import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database';
import type { OpenDatabase } from '../db/database.server';
import { connectRedis } from '../redis.server';
import {
  createRateLimiter,
  purgeExpiredRateLimitHits,
  rateLimitKey,
  signInRules,
  type RateLimiter,
  type RateLimitHitsTable,
} from './rate-limit.server';

let database: OpenDatabase;
let db: OpenDatabase['db'];
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database?.close());

// Redis is shared with other test runs: every key of this run has its own kind.
const run = randomBytes(4).toString('hex');
const kind = (name: string) => `test-${run}-${name}`;
const anHour = { limit: 10, windowSeconds: 3600 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Backend {
  name: string;
  enabled: boolean;
  open(): Promise<RateLimiter>;
  /** Every key the backend holds, as stored. */
  storedKeys(): Promise<string[]>;
  /** How many windows the backend still holds for one key. */
  windowsOf(key: string): Promise<number>;
  close(): Promise<void>;
}

let redis: Redis | null = null;
const backends: Backend[] = [
  {
    name: 'the database',
    enabled: true,
    open: async () => createRateLimiter({ redis: null, db: database.db }),
    storedKeys: async () => (await db.selectFrom('rate_limit_hits').select('key').execute()).map((row) => row.key),
    windowsOf: async (key) =>
      Number((await db.selectFrom('rate_limit_hits').select((eb) => eb.fn.countAll().as('count')).where('key', '=', key).executeTakeFirstOrThrow()).count),
    close: async () => {},
  },
  {
    name: 'Redis',
    enabled: Boolean(process.env.REDIS_URL),
    open: async () => {
      redis = await connectRedis(process.env.REDIS_URL!);
      return createRateLimiter({ redis, db: database.db });
    },
    storedKeys: async () => redis!.keys('plenum:rl:*'),
    windowsOf: async (key) => redis!.exists(`plenum:rl:${key}`),
    close: async () => {
      await redis?.quit();
    },
  },
];

for (const backend of backends) {
  describe.runIf(backend.enabled)(`rate limiting in ${backend.name}`, () => {
    let limiter: RateLimiter;
    const used: string[] = [];
    const keyFor = (name: string, value = 'anne@example.org') => {
      const key = rateLimitKey(kind(name), value);
      used.push(key);
      return key;
    };
    const hitTimes = (times: number, key: string, rule = anHour) =>
      Promise.all(Array.from({ length: times }, () => limiter.hit(key, rule)));

    beforeAll(async () => {
      limiter = await backend.open();
    });
    afterAll(async () => {
      for (const key of used) await limiter?.reset(key);
      await backend.close();
    });

    it('refuses the attempt after the limit and says when to try again', async () => {
      const key = keyFor('refuse');
      for (let i = 1; i <= 10; i++) {
        expect(await limiter.hit(key, anHour)).toEqual({ allowed: true, remaining: 10 - i, retryAfterSeconds: 0 });
      }
      const refused = await limiter.hit(key, anHour);
      expect(refused.allowed).toBe(false);
      expect(refused.remaining).toBe(0);
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(3600);
      expect((await limiter.hit(key, anHour)).allowed).toBe(false);
    });

    it('allows again once the window has passed, keeping only the current window', async () => {
      const key = keyFor('next-window');
      const aSecond = { limit: 2, windowSeconds: 1 };
      // Hit until refused: a window boundary crossed on the way only restarts the count.
      let result = await limiter.hit(key, aSecond);
      for (let i = 0; result.allowed && i < 100; i++) result = await limiter.hit(key, aSecond);
      expect(result).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 });

      await sleep(result.retryAfterSeconds * 1000 + 50);
      expect(await limiter.hit(key, aSecond)).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 0 });
      expect(await backend.windowsOf(key)).toBe(1);
    });

    it('forgets an account’s attempts after a successful sign-in', async () => {
      const key = keyFor('reset');
      await hitTimes(11, key);
      expect((await limiter.hit(key, anHour)).allowed).toBe(false);

      await limiter.reset(key);
      expect(await backend.windowsOf(key)).toBe(0);
      expect(await limiter.hit(key, anHour)).toEqual({ allowed: true, remaining: 9, retryAfterSeconds: 0 });
    });

    it('counts each account on its own', async () => {
      const anne = keyFor('independent', 'anne@example.org');
      const bruno = keyFor('independent', 'bruno@example.org');
      await hitTimes(11, anne);
      expect((await limiter.hit(anne, anHour)).allowed).toBe(false);
      expect(await limiter.hit(bruno, anHour)).toEqual({ allowed: true, remaining: 9, retryAfterSeconds: 0 });
      expect((await limiter.hit(keyFor('other-kind', 'anne@example.org'), anHour)).allowed).toBe(true);
    });

    it('lets exactly the limit through when 30 attempts arrive at once', async () => {
      const key = keyFor('concurrent');
      const results = await hitTimes(30, key);
      expect(results.filter((result) => result.allowed)).toHaveLength(10);
      expect(results.map((result) => result.remaining).sort((a, b) => a - b)).toEqual([
        ...Array<number>(20).fill(0),
        ...Array.from({ length: 10 }, (_, i) => i),
      ]);
    });

    it('stores no e-mail address in clear, and ignores its case', async () => {
      const email = `Camille.${run}@Example.org`;
      const key = keyFor('privacy', email);
      expect(rateLimitKey(kind('privacy'), email.toUpperCase())).toBe(key);
      await limiter.hit(key, signInRules.perAccount);

      const stored = await backend.storedKeys();
      expect(stored.some((storedKey) => storedKey.endsWith(key))).toBe(true);
      for (const storedKey of stored) {
        expect(storedKey.toLowerCase()).not.toContain(`camille.${run}`);
        expect(storedKey).not.toContain('@');
      }
    });
  });
}

describe('the rate_limit_hits table', () => {
  it('is emptied of ended windows by the periodic purge', async () => {
    const ended = { key: kind('purge-ended'), hits: 3 };
    const current = { key: kind('purge-current'), hits: 1 };
    await db
      .insertInto('rate_limit_hits')
      .values([
        { ...ended, window_start: sql<Date>`now() - interval '2 hours'`, expires_at: sql<Date>`now() - interval '1 hour'` },
        { ...current, window_start: sql<Date>`now()`, expires_at: sql<Date>`now() + interval '1 hour'` },
      ])
      .execute();

    expect(await purgeExpiredRateLimitHits(database.db)).toBeGreaterThanOrEqual(1);
    const left = await db.selectFrom('rate_limit_hits').select('key').where('key', 'in', [ended.key, current.key]).execute();
    expect(left).toEqual([{ key: current.key }]);
  });
});
