import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';

/** Demo two-column deepening (filled in with the two-column module). */
export async function seedTwoColumns(_db: Kysely<Database>): Promise<void> {}
