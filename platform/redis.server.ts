import { Redis } from 'ioredis';
import { ConfigError, redactUrl } from './config.server';

/** Connects to Redis and checks it answers; a failure is one clear line for a person. */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 2 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (error) {
    redis.disconnect();
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`Cannot reach Redis at ${redactUrl(url)} (${reason}): start it, fix REDIS_URL, or unset REDIS_URL to run without Redis.`);
  }
}
