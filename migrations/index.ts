import type { Migration } from 'kysely';
import * as core from './0001-core';
import * as rateLimits from './0002-rate-limits';
import * as accounts from './0003-accounts';
import * as lifecycle from './0004-lifecycle';
import * as uploads from './0005-uploads';
import * as richDescriptions from './0006-rich-descriptions';
import * as threadsAndIdeas from './0007-threads-and-ideas';
import * as columnSummaries from './0008-column-summaries';
import * as tokenVotes from './0009-token-votes';
import * as proposals from './0010-proposals';
import * as emergence from './0011-emergence';

/**
 * Every migration, in the order they apply. A new migration is a new file here and one line
 * below; a test checks that no file of this folder is left out.
 */
export const migrations: Record<string, Migration> = {
  '0001-core': core,
  '0002-rate-limits': rateLimits,
  '0003-accounts': accounts,
  '0004-lifecycle': lifecycle,
  '0005-uploads': uploads,
  '0006-rich-descriptions': richDescriptions,
  '0007-threads-and-ideas': threadsAndIdeas,
  '0008-column-summaries': columnSummaries,
  '0009-token-votes': tokenVotes,
  '0010-proposals': proposals,
  '0011-emergence': emergence,
};
