import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';
import type { Logger } from '../platform/logger.server';

/** What server.ts hands to every loader and action: the one database and the logger. */
export interface PlenumLoadContext {
  db: Kysely<Database>;
  logger: Logger;
}

declare module '@remix-run/node' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends PlenumLoadContext {}
}
