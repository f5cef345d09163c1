import { z } from 'zod';
import type { ModuleManifest } from '../../platform/modules/manifest';
import { ThreadPage } from './thread-page';
import { ThreadSummary } from './thread-summary';
import type { ThreadPageData, ThreadSummaryData } from './thread-data';

const localized = z.record(z.string().regex(/^[a-z]{2}$/), z.string().trim().max(200));

/** A thread is about its theme (the instance's theme) unless the strategist gives it a title. */
export const threadConfig = z.object({ title: localized });
export type ThreadConfig = z.infer<typeof threadConfig>;

/**
 * The assembly method's conversation: threads of posts and replies on a theme, with reactions,
 * moderation, and idea catching (passages of posts caught as ideas for the next phases).
 */
export const threadManifest: ModuleManifest<ThreadConfig, ThreadSummaryData, ThreadPageData> = {
  id: 'thread',
  name: { fr: 'Fil de discussion', en: 'Discussion thread' },
  phases: ['appropriation', 'ideation', 'deepening'],
  configSchema: threadConfig,
  Component: ThreadSummary,
  Page: ThreadPage,
  realtimeEvents: ['post:changed'],
  namespaces: ['posts'],
};
