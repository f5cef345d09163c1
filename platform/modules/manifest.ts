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

/** What a module's settings form is given (/consultations/:slug/modules/:id/settings). */
export interface ModuleSettingsProps<Config, SettingsData> {
  config: Config;
  data: SettingsData;
  slug: string;
  instanceId: string;
  /** The consultation's languages: settings in each of them. */
  languages: readonly string[];
  locale: string;
  defaultLanguage: string;
  /** Errors of the last save, by field (message keys of the module's namespace). */
  errors: Record<string, string>;
  /** True just after a successful save. */
  saved: boolean;
}

/**
 * The browser-safe half of a module: what it is, where it may run, how its configuration is
 * checked, and how it draws. Server hooks live in its `manifest.server.ts` (see ModuleServer):
 * the classic Remix compiler would otherwise bundle database code into the browser.
 */
export interface ModuleManifest<Config = unknown, Data = unknown, PageData = unknown, SettingsData = unknown> {
  id: string;
  /** Name shown to strategists, per language. */
  name: LocalizedText;
  /** The phases this module may run in. */
  phases: readonly Phase[];
  configSchema: z.ZodType<Config>;
  Component: ComponentType<ModuleViewProps<Config, Data>>;
  /** The instance's own page, for modules that need more room than the consultation page. */
  Page?: ComponentType<ModulePageProps<Config, PageData>>;
  /** The strategist's settings form, for modules that have settings beyond being added. */
  Settings?: ComponentType<ModuleSettingsProps<Config, SettingsData>>;
  /** The configuration a new instance starts with, when the console adds one (none: it has its own form). */
  defaultConfig?: Config;
  /** Translation namespaces (locales/<lang>/<ns>.json) its components read. */
  namespaces: readonly string[];
  /** Realtime events this module emits in its consultation's room. */
  realtimeEvents: readonly string[];
}
