import type { ModuleManifest } from '../platform/modules/manifest';
import { noticeManifest } from './notice/manifest';
import { openQuestionsManifest } from './open-questions/manifest';
import { proposalsManifest } from './proposals/manifest';
import { threadManifest } from './thread/manifest';
import { twoColumnManifest } from './two-column/manifest';
import { tokenVoteManifest } from './token-vote/manifest';

/**
 * Every module kind, by id (browser-safe half). A new kind is a folder, one line here and one
 * line in index.server.ts; modules/registry.test.ts checks the two lists agree.
 */
export const moduleManifests: Record<string, ModuleManifest<any, any, any, any>> = {
  [noticeManifest.id]: noticeManifest,
  [threadManifest.id]: threadManifest,
  [twoColumnManifest.id]: twoColumnManifest,
  [openQuestionsManifest.id]: openQuestionsManifest,
  [tokenVoteManifest.id]: tokenVoteManifest,
  [proposalsManifest.id]: proposalsManifest,
};

/** Every module's translation namespaces, for the `handle.i18n` of the pages that draw modules. */
export const moduleNamespaces = [...new Set(Object.values(moduleManifests).flatMap((manifest) => manifest.namespaces))];
