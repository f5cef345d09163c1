import type { ComponentType } from 'react';
import type { z } from 'zod';
import type { LocalizedText } from '../i18n/languages';
import type { Phase } from '../phases';

/** What a module's component is given to draw one instance. */
export interface ModuleViewProps<Config, Data> {
  config: Config;
  data: Data;
  /** False in a past phase (read-only) or a future one (announced). */
  open: boolean;
  /** The reader's language. */
  locale: string;
  defaultLanguage: string;
  slug: string;
  instanceId: string;
}

/** What a module's own page is given (/consultations/:slug/modules/:id). */
export interface ModulePageProps<Config, PageData> {
  config: Config;
  data: PageData;
  open: boolean;
  slug: string;
  instanceId: string;
  locale: string;
  defaultLanguage: string;
}

/**
 * The browser-safe half of a module: what it is, where it may run, how its configuration is
 * checked, and how it draws. Server hooks live in its `manifest.server.ts` (see ModuleServer):
 * the classic Remix compiler would otherwise bundle database code into the browser.
 */
export interface ModuleManifest<Config = unknown, Data = unknown, PageData = unknown> {
  id: string;
  /** Name shown to strategists, per language. */
  name: LocalizedText;
  /** The phases this module may run in. */
  phases: readonly Phase[];
  configSchema: z.ZodType<Config>;
  Component: ComponentType<ModuleViewProps<Config, Data>>;
  /** The instance's own page, for modules that need more room than the consultation page. */
  Page?: ComponentType<ModulePageProps<Config, PageData>>;
  /** Translation namespaces (locales/<lang>/<ns>.json) its components read. */
  namespaces: readonly string[];
  /** Realtime events this module emits in its consultation's room. */
  realtimeEvents: readonly string[];
}
