import type { Kysely } from 'kysely';
import type { Consultation, Database } from '../db/schema';
import type { LocalizedText } from '../i18n/languages';
import type { Phase } from '../phases';
import type { Actor } from '../policy';

/**
 * Everything a module receives to do its work: it never imports another module nor phases/,
 * and never decides for itself whether it is open.
 */
export interface ModuleContext<Config> {
  db: Kysely<Database>;
  actor: Actor;
  consultation: Consultation;
  instance: { id: string; phase: Phase; config: Config; themeId: string | null };
  /** True only while the instance's phase is the consultation's current phase. */
  open: boolean;
  locale: string;
  /**
   * Sends an event to the browsers following this instance (its Socket.io room). Call it only
   * once the write's transaction has committed.
   */
  emit(event: string, payload: unknown): void;
  /**
   * What the consultation's other instances rank (a token vote's priorities…), for a report that
   * gathers a consultation's results. The caller checks the reader may see results.
   */
  rankings?(): Promise<ModuleRanking[]>;
}

/** What one instance ranks, best first: the consultation's priorities as a vote decided them. */
export interface ModuleRanking {
  instanceId: string;
  phase: Phase;
  /** The module's name (« Vote par jetons »). */
  name: LocalizedText;
  /** What `value` is (« Score net : jetons pour moins jetons contre »). */
  valueName: LocalizedText;
  items: { title: string; rank: number; value: number; voters: number }[];
}

/** One contribution waiting for a moderator: held back by pre-moderation, or reported. */
export interface ModerationItem {
  id: string;
  instanceId: string;
  /** Why it is in the queue. */
  cause: 'awaiting' | 'reported';
  status: string;
  authorName: string;
  /** Sanitised HTML of the contribution, rendered when it was saved. */
  html: string;
  createdAt: string;
  reports: { reason: string; createdAt: string }[];
  /** Where to read it in its context. */
  path: string;
}

export type ModerationDecision = { decision: 'publish' } | { decision: 'hide'; reason: string } | { decision: 'dismiss' };

/**
 * What a module with contributions offers the shared moderation queue (the moderation page
 * lists every such module's items). The caller has checked the moderator's permission;
 * moderation goes on when the module's phase is over.
 */
export interface ModerationHooks<Config> {
  queue(context: ModuleContext<Config>, slug: string): Promise<ModerationItem[]>;
  decide(context: ModuleContext<Config>, itemId: string, decision: ModerationDecision): Promise<void>;
}

/**
 * The strategist's settings of an instance, editable whatever its phase (before it opens too).
 * `save` checks the form (ModuleInputError for a field) and returns the new configuration, which
 * the dispatcher validates with the manifest's schema and stores.
 */
export interface SettingsHooks<Config, SettingsData> {
  load(context: ModuleContext<Config>): Promise<SettingsData>;
  save(context: ModuleContext<Config>, form: FormData): Promise<Config>;
}

type DownloadRow = Record<string, string | number | null>;

/**
 * A file a module offers to download (all answers to a question as CSV…); null when there is
 * none. A large one (every vote) comes as batches read one after the other, with its columns.
 */
export type ModuleDownload = { filename: string; rows: DownloadRow[] } | { filename: string; columns: string[]; batches: AsyncIterable<DownloadRow[]> };

/** The server half of a module: its loader, actions, export rows and candidate items. */
export interface ModuleServer<Config = unknown, Data = unknown, PageData = unknown, SettingsData = unknown> {
  id: string;
  /** Data its component needs, for one instance (a summary on the consultation page). */
  load(context: ModuleContext<Config>): Promise<Data>;
  /**
   * Data of the instance's own page (/consultations/:slug/modules/:id), for modules that have
   * one; it may read the page's query string (a post to jump to, a page of results).
   */
  page?(context: ModuleContext<Config>, query: URLSearchParams): Promise<PageData>;
  /** What changed since a client's last known change: for a browser coming back online. */
  changesSince?(context: ModuleContext<Config>, since: string): Promise<unknown>;
  /** Named actions; the dispatcher refuses them when the instance is not open. */
  actions: Record<string, (context: ModuleContext<Config>, form: FormData) => Promise<unknown>>;
  /**
   * Actions of the team (moderating…) that go on once the instance's phase is over: the
   * dispatcher lets them through then; the module checks who asks.
   */
  teamActions?: readonly string[];
  moderation?: ModerationHooks<Config>;
  settings?: SettingsHooks<Config, SettingsData>;
  /** The module checks who may download (the caller has only checked they may view the consultation). */
  download?(context: ModuleContext<Config>, query: URLSearchParams): Promise<ModuleDownload | null>;
  /** Rows for the consultation's exports. */
  exportRows(context: ModuleContext<Config>): Promise<Record<string, string | number | null>[]>;
  /** How many items this instance offers to prioritise (ideas, proposals…). */
  candidateItems(context: ModuleContext<Config>): Promise<number>;
  /** What this instance ranks, for reports gathering the consultation's results (see ModuleContext.rankings). */
  ranking?(context: ModuleContext<Config>): Promise<Omit<ModuleRanking, 'instanceId' | 'phase'> | null>;
  /**
   * Background work of the instance (recomputing its results), called by the results job
   * (phases/results-job.server.ts) off the request path; true when a new result was stored.
   */
  refresh?(db: Kysely<Database>, instance: { id: string; consultationId: string; config: Config }): Promise<boolean>;
}
