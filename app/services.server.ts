import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { resolveSessionSecret } from '../platform/auth/secret.server';
import type { Config } from '../platform/config.server';
import type { Database } from '../platform/db/schema';
import type { Logger } from '../platform/logger.server';
import { createMailer } from '../platform/mail/mail.server';
import { createRateLimiter } from '../platform/rate-limit/rate-limit.server';
import { RealtimeEmitter } from '../platform/realtime/hub.server';
import { createSessionCookie } from './auth.server';
import type { PlenumServices } from './load-context';

/** Builds, once per process, the services every loader and action receives. */
export async function createServices({
  config,
  db,
  redis,
  logger,
}: {
  config: Pick<Config, 'publicUrl' | 'smtpUrl' | 'mailFrom' | 'sessionSecret'>;
  db: Kysely<Database>;
  redis: Redis | null;
  logger: Logger;
}): Promise<PlenumServices> {
  const secret = await resolveSessionSecret(db, config.sessionSecret ?? undefined);
  return {
    db,
    logger,
    mailer: createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, logger }),
    rateLimiter: createRateLimiter({ redis, db }),
    // Secure cookies wherever the site is served over HTTPS.
    sessionCookie: createSessionCookie(secret, config.publicUrl.startsWith('https:')),
    publicUrl: config.publicUrl,
    realtime: new RealtimeEmitter(),
  };
}
