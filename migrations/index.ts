import type { Migration } from 'kysely';
import * as core from './0001-core';

/**
 * Every migration, in the order they apply. A new migration is a new file here and one line
 * below; a test checks that no file of this folder is left out.
 */
export const migrations: Record<string, Migration> = {
  '0001-core': core,
};
