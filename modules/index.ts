import type { ModuleManifest } from '../platform/modules/manifest';
import { noticeManifest } from './notice/manifest';
import { threadManifest } from './thread/manifest';

/**
 * Every module kind, by id (browser-safe half). A new kind is a folder, one line here and one
 * line in index.server.ts; modules/registry.test.ts checks the two lists agree.
 */
export const moduleManifests: Record<string, ModuleManifest<any, any, any, any>> = {
  [noticeManifest.id]: noticeManifest,
  [threadManifest.id]: threadManifest,
};

/** Every module's stylesheet, for the `links` of the pages that draw modules. */
export const moduleStylesheets = Object.values(moduleManifests)
  .map((manifest) => manifest.stylesheet)
  .filter((href): href is string => Boolean(href))
  .map((href) => ({ rel: 'stylesheet', href }));

/** Every module's translation namespaces, for the `handle.i18n` of the pages that draw modules. */
export const moduleNamespaces = [...new Set(Object.values(moduleManifests).flatMap((manifest) => manifest.namespaces))];
