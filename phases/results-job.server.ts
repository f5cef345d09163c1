import type { Kysely } from 'kysely';
import { moduleServers } from '../modules/index.server';
import { stopResultsWorker } from '../modules/proposals/results.server';
import { ConfigError } from '../platform/config.server';
import type { Database } from '../platform/db/schema';
import type { Logger } from '../platform/logger.server';
import type { ModuleServer } from '../platform/modules/server';
import { repeatEvery } from '../platform/repeat.server';

/*
 * The results job: off the request path, it asks every module instance that has background work
 * (a module server's `refresh`: the proposals' emergence) to bring its results up to date. Each
 * module decides cheaply whether anything changed; the job only walks the instances, one at a
 * time, so that one process never computes two at once.
 */

type Servers = Record<string, ModuleServer<any, any, any, any>>;

export interface ResultsTickOptions {
  logger?: Logger;
  servers?: Servers;
  /** Called once a new result of the instance is stored (its readers may refetch). */
  onRefreshed?: (instanceId: string) => void | Promise<void>;
  /** Asked between instances: true stops the tick there (the process is shutting down). */
  stopping?: () => boolean;
}

/**
 * Refreshes every instance with background work whose consultation has opened, in a stable
 * order, and returns the ids of those that stored a new result. A failing instance is logged
 * and the others go on.
 */
export async function runResultsTick(db: Kysely<Database>, { logger, servers = moduleServers, onRefreshed, stopping }: ResultsTickOptions = {}): Promise<string[]> {
  const kinds = Object.values(servers)
    .filter((server) => server.refresh)
    .map((server) => server.id);
  if (kinds.length === 0) return [];
  const instances = await db
    .selectFrom('module_instances as i')
    .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
    .select(['i.id', 'i.kind', 'i.consultation_id', 'i.config'])
    .where('i.kind', 'in', kinds)
    // A draft has no votes yet, and is no one's to read.
    .where('c.lifecycle_state', '<>', 'draft')
    .orderBy('i.id')
    .execute();

  const refreshed: string[] = [];
  for (const instance of instances) {
    if (stopping?.()) break;
    let stored: boolean;
    try {
      stored = await servers[instance.kind]!.refresh!(db, { id: instance.id, consultationId: instance.consultation_id, config: instance.config });
    } catch (error) {
      logger?.error({ err: error, instanceId: instance.id, kind: instance.kind }, 'results of an instance could not be refreshed');
      continue;
    }
    if (!stored) continue;
    refreshed.push(instance.id);
    logger?.debug({ instanceId: instance.id, kind: instance.kind }, 'results refreshed');
    try {
      await onRefreshed?.(instance.id);
    } catch (error) {
      logger?.error({ err: error, instanceId: instance.id }, 'after refreshing results');
    }
  }
  return refreshed;
}

/** Brings every opened consultation's results up to date now: for scripts (seed, import) and tests. */
export function refreshAllNow(db: Kysely<Database>, options: Pick<ResultsTickOptions, 'logger' | 'servers'> = {}): Promise<string[]> {
  return runResultsTick(db, options);
}

const defaultIntervalMs = 5000;

/** RESULTS_INTERVAL_MS: the pause between two ticks of the results job. */
export function resultsIntervalFrom(value: string | undefined): number {
  if (!value?.trim()) return defaultIntervalMs;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 100 || ms > 3_600_000) {
    throw new ConfigError(`RESULTS_INTERVAL_MS="${value}" is not a duration: use milliseconds between 100 and 3600000, e.g. 5000.`);
  }
  return ms;
}

/**
 * Runs a tick now, then intervalMs after each tick ends: ticks never overlap, and a long
 * computation delays the next tick instead of piling up behind it. stop() lets the running
 * instance finish (the rest of the tick is left for the next start) and resolves after it.
 */
export function startResultsJob({
  db,
  logger,
  intervalMs = resultsIntervalFrom(process.env.RESULTS_INTERVAL_MS),
  onRefreshed,
  servers,
}: {
  db: Kysely<Database>;
  logger?: Logger;
  intervalMs?: number;
  onRefreshed?: (instanceId: string) => void | Promise<void>;
  servers?: Servers;
}): { stop(): Promise<void> } {
  const repeating = repeatEvery(intervalMs, (stopping) => runResultsTick(db, { logger, servers, onRefreshed, stopping }), { logger, failure: 'the results job could not run' });
  return {
    async stop() {
      await repeating.stop();
      // The emergence's worker thread (modules/proposals/results.server.ts) ends with the job.
      await stopResultsWorker();
    },
  };
}
