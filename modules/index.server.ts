import type { ModuleServer } from '../platform/modules/server';
import { noticeServer } from './notice/manifest.server';
import { threadServer } from './thread/manifest.server';

/** The server half of every module kind, by id. Keep in step with index.ts. */
export const moduleServers: Record<string, ModuleServer<any, any, any, any>> = {
  [noticeServer.id]: noticeServer,
  [threadServer.id]: threadServer,
};
