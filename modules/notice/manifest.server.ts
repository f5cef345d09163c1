import type { ModuleServer } from '../../platform/modules/server';
import type { NoticeConfig } from './manifest';

/** A notice needs no data of its own and offers nothing to prioritise. */
export const noticeServer: ModuleServer<NoticeConfig, null> = {
  id: 'notice',
  load: async () => null,
  actions: {},
  exportRows: async ({ instance }) => [{ module: 'notice', phase: instance.phase, title: Object.values(instance.config.title)[0] ?? '' }],
  candidateItems: async () => 0,
};
