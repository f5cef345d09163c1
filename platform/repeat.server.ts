import type { Logger } from './logger.server';

/**
 * Runs `work` now, then `intervalMs` after each run ends: runs never overlap, and a long run
 * delays the next one instead of piling up behind it. A failing run is logged and the next one
 * comes as usual. stop() cancels the next run and resolves once the running one has finished.
 */
export function repeatEvery(intervalMs: number, work: (stopping: () => boolean) => Promise<unknown>, { logger, failure }: { logger?: Logger; failure: string }): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = work(() => stopped)
      .then(
        () => undefined,
        (error: unknown) => logger?.error({ err: error }, failure),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(run, intervalMs);
      });
  };
  run();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
