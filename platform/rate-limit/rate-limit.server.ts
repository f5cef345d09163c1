import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { sql, type ColumnType, type Kysely } from 'kysely';

/** At most `limit` hits per window of `windowSeconds` (whole seconds, aligned on the epoch). */
export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Hits still allowed in the current window. */
  remaining: number;
  /** Whole seconds until the window ends when refused (for a Retry-After header); 0 when allowed. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Counts one attempt under `key` and says whether it may go ahead. */
  hit(key: string, rule: RateLimitRule): Promise<RateLimitResult>;
  /** Forgets every attempt counted under `key`, for example after a successful sign-in. */
  reset(key: string): Promise<void>;
}

/** The `rate_limit_hits` table (migration 0002-rate-limits): one row per key and window. */
export interface RateLimitHitsTable {
  key: string;
  window_start: ColumnType<Date, Date | string, never>;
  expires_at: ColumnType<Date, Date | string, never>;
  hits: number;
}

interface RateLimitTables {
  rate_limit_hits: RateLimitHitsTable;
}

/** A rule and the kind of key it counts: a key is counted under one rule only. */
export interface NamedRateLimitRule extends RateLimitRule {
  kind: string;
}

export const signInRules = {
  perAccount: { kind: 'sign-in:account', limit: 10, windowSeconds: 15 * 60 },
  perIp: { kind: 'sign-in:ip', limit: 50, windowSeconds: 15 * 60 },
} as const satisfies Record<string, NamedRateLimitRule>;

export const passwordResetRules = {
  perAccount: { kind: 'password-reset:account', limit: 5, windowSeconds: 60 * 60 },
  perIp: { kind: 'password-reset:ip', limit: 20, windowSeconds: 60 * 60 },
} as const satisfies Record<string, NamedRateLimitRule>;

/** Pseudonymous participants created from one address: enough for a household or a class, not for a script. */
export const pseudonymousJoinRule = { kind: 'pseudonymous-join:ip', limit: 30, windowSeconds: 60 * 60 } as const satisfies NamedRateLimitRule;

/** Posts and reports one person writes: a lively conversation stays well under it, a script does not. */
export const contributionRule = { kind: 'contribution:user', limit: 20, windowSeconds: 60 } as const satisfies NamedRateLimitRule;
/** A PDF report takes a headless browser for seconds: a few per person and ten minutes, so nobody holds the queue. */
export const pdfReportRule = { kind: 'pdf-report:user', limit: 5, windowSeconds: 10 * 60 } as const satisfies NamedRateLimitRule;
/** Reactions are quicker to give than posts to write, but each one is sent to every reader. */
export const reactionRule = { kind: 'reaction:user', limit: 60, windowSeconds: 60 } as const satisfies NamedRateLimitRule;
/** Token and gauge votes: a participant rearranging tokens clicks fast, and only a throttled signal goes out. */
export const voteRule = { kind: 'vote:user', limit: 120, windowSeconds: 60 } as const satisfies NamedRateLimitRule;

/**
 * The key under which attempts on `value` (an e-mail address, an IP address) are counted.
 * Values are compared case-insensitively and stored only as a sha256 digest, so that no
 * e-mail address sits in clear in Redis or in the database.
 */
export function rateLimitKey(kind: string, value: string): string {
  const digest = createHash('sha256').update(value.trim().toLowerCase()).digest('hex');
  return `${kind}:${digest}`;
}

/** Counts in Redis when Plenum has one (shared by every process), otherwise in the database. */
export function createRateLimiter({ redis, db }: { redis: Redis | null; db: Kysely<any> }): RateLimiter {
  return redis ? redisRateLimiter(redis) : databaseRateLimiter(db);
}

/** Deletes every window that has ended; for a periodic job, as `hit` only tidies its own key. */
export async function purgeExpiredRateLimitHits(db: Kysely<any>): Promise<number> {
  const store: Kysely<RateLimitTables> = db;
  const result = await store.deleteFrom('rate_limit_hits').where('expires_at', '<=', sql<Date>`now()`).executeTakeFirst();
  return Number(result.numDeletedRows);
}

function databaseRateLimiter(db: Kysely<any>): RateLimiter {
  const store: Kysely<RateLimitTables> = db;
  return {
    async hit(key, rule) {
      assertValidRule(rule);
      // The database clock decides the window, so that every Plenum process agrees on it.
      const windowStart = sql<Date>`to_timestamp(floor(extract(epoch from now()) / ${rule.windowSeconds}) * ${rule.windowSeconds})`;
      // One statement: concurrent first hits on a new window conflict on the primary key and
      // the losers increment the winner's row, so no attempt is lost or counted twice.
      const counted = await store
        .insertInto('rate_limit_hits')
        .values({
          key,
          window_start: windowStart,
          expires_at: sql<Date>`${windowStart} + make_interval(secs => ${rule.windowSeconds})`,
          hits: 1,
        })
        .onConflict((conflict) =>
          conflict.columns(['key', 'window_start']).doUpdateSet({ hits: sql<number>`rate_limit_hits.hits + 1` }),
        )
        .returning(['hits', 'window_start', sql<number>`ceil(extract(epoch from expires_at - now()))::integer`.as('seconds_left')])
        .executeTakeFirstOrThrow();
      // The first hit of a window is the moment to drop this key's earlier windows.
      if (counted.hits === 1) {
        await store.deleteFrom('rate_limit_hits').where('key', '=', key).where('window_start', '<', counted.window_start).execute();
      }
      return resultOf(counted.hits, counted.seconds_left, rule);
    },
    async reset(key) {
      await store.deleteFrom('rate_limit_hits').where('key', '=', key).execute();
    },
  };
}

const redisPrefix = 'plenum:rl:';

// INCR and EXPIREAT in one script, on Redis's clock: a key is created by the first hit of a
// window and expires when that window ends, so the same windows as the database's.
const hitScript = `
local now = tonumber(redis.call('TIME')[1])
local window = tonumber(ARGV[1])
local window_end = (math.floor(now / window) + 1) * window
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('EXPIREAT', KEYS[1], window_end) end
return {hits, window_end - now}`;

function redisRateLimiter(redis: Redis): RateLimiter {
  return {
    async hit(key, rule) {
      assertValidRule(rule);
      const [hits, secondsLeft] = (await redis.eval(hitScript, 1, redisPrefix + key, rule.windowSeconds)) as [number, number];
      return resultOf(hits, secondsLeft, rule);
    },
    async reset(key) {
      await redis.del(redisPrefix + key);
    },
  };
}

function resultOf(hits: number, secondsLeft: number, rule: RateLimitRule): RateLimitResult {
  const allowed = hits <= rule.limit;
  return {
    allowed,
    remaining: Math.max(0, rule.limit - hits),
    retryAfterSeconds: allowed ? 0 : Math.max(1, secondsLeft),
  };
}

function assertValidRule({ limit, windowSeconds }: RateLimitRule): void {
  if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(windowSeconds) || windowSeconds < 1) {
    throw new RangeError(`A rate limit needs a whole limit and window of at least 1 (got ${limit} per ${windowSeconds} s).`);
  }
}
