import type { ModuleServer } from '../platform/modules/server';
import { noticeServer } from './notice/manifest.server';
import { openQuestionsServer } from './open-questions/manifest.server';
import { proposalsServer } from './proposals/manifest.server';
import { threadServer } from './thread/manifest.server';
import { twoColumnServer } from './two-column/manifest.server';
import { tokenVoteServer } from './token-vote/manifest.server';

/** The server half of every module kind, by id. Keep in step with index.ts. */
export const moduleServers: Record<string, ModuleServer<any, any, any, any>> = {
  [noticeServer.id]: noticeServer,
  [threadServer.id]: threadServer,
  [twoColumnServer.id]: twoColumnServer,
  [openQuestionsServer.id]: openQuestionsServer,
  [tokenVoteServer.id]: tokenVoteServer,
  [proposalsServer.id]: proposalsServer,
};
