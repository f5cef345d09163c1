import type { Cookie } from '@remix-run/node';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';
import type { Logger } from '../platform/logger.server';
import type { Mailer } from '../platform/mail/mail.server';
import type { RateLimiter } from '../platform/rate-limit/rate-limit.server';
import type { RealtimeEmitter } from '../platform/realtime/hub.server';

/** The services server.ts builds once and hands to every loader and action. */
export interface PlenumServices {
  db: Kysely<Database>;
  logger: Logger;
  mailer: Mailer;
  rateLimiter: RateLimiter;
  sessionCookie: Cookie;
  /** The address people reach the site at, for links in e-mails (PUBLIC_URL). */
  publicUrl: string;
  /** Sends events to the browsers of a consultation, after a commit. */
  realtime: RealtimeEmitter;
}

/** Per request: the services, and the client's address (for rate limits). */
export interface PlenumLoadContext extends PlenumServices {
  clientAddress: string;
  /** The port this request arrived on: where the server reaches itself on the loopback (never from a header). */
  serverPort: number;
}

declare module '@remix-run/node' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends PlenumLoadContext {}
}
