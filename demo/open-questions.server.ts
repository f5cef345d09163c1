import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';

/** Demo open questions (filled in with the open-questions module). */
export async function seedOpenQuestions(_db: Kysely<Database>): Promise<void> {}
