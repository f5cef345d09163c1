import { z } from 'zod';
import { allPhases } from '../../platform/phases';
import type { ModuleManifest } from '../../platform/modules/manifest';
import { NoticeView } from './notice-view';

const localized = z.record(z.string().regex(/^[a-z]{2}$/), z.string().trim().max(5000));

export const noticeConfig = z.object({
  title: localized.refine((text) => Object.values(text).some((value) => value.length > 0), 'title.required'),
  body: localized,
});
export type NoticeConfig = z.infer<typeof noticeConfig>;

/**
 * The smallest module: a notice from the organisers (what this phase is for, what happens
 * next). It runs in any phase and exercises the registry until the real modules arrive.
 */
export const noticeManifest: ModuleManifest<NoticeConfig, null> = {
  id: 'notice',
  name: { fr: 'Message des organisateurs', en: 'Message from the organisers' },
  phases: allPhases,
  configSchema: noticeConfig,
  Component: NoticeView,
  realtimeEvents: [],
  namespaces: [],
};
