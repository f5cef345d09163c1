import type { Kysely } from 'kysely';
import type { Consultation, Database } from '../db/schema';
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
}

/** The server half of a module: its loader, actions, export rows and candidate items. */
export interface ModuleServer<Config = unknown, Data = unknown> {
  id: string;
  /** Data its component needs, for one instance. */
  load(context: ModuleContext<Config>): Promise<Data>;
  /** Named actions; the dispatcher refuses them when the instance is not open. */
  actions: Record<string, (context: ModuleContext<Config>, form: FormData) => Promise<unknown>>;
  /** Rows for the consultation's exports. */
  exportRows(context: ModuleContext<Config>): Promise<Record<string, string | number | null>[]>;
  /** How many items this instance offers to prioritise (ideas, proposals…). */
  candidateItems(context: ModuleContext<Config>): Promise<number>;
}
