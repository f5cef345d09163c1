/**
 * Plenum's single process: checks the configuration, opens and migrates the database, seeds
 * the demo into an empty embedded database, then serves HTTP and Socket.io on one port.
 * A mistake in the environment ends the process with one line saying how to fix it.
 */
import fs from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import type { Redis } from 'ioredis';
import { createPlenumServer, type PlenumServer } from './app/http.server';
import { createServices } from './app/services.server';
import { seedDemoIfEmpty } from './demo/seed.server';
import { ConfigError, loadConfig } from './platform/config.server';
import { openDatabase, type OpenDatabase } from './platform/db/database.server';
import { migrateToLatest } from './platform/db/migrate.server';
import { createLogger, type Logger } from './platform/logger.server';
import { connectRedis } from './platform/redis.server';
import { startResultsJob } from './phases/results-job.server';
import { startPhaseScheduler } from './phases/scheduler.server';

const shutdownGraceMs = 10_000;

let logger: Logger | undefined;
let database: OpenDatabase | undefined;
let redis: Redis | null = null;
let server: PlenumServer | undefined;
let scheduler: { stop(): Promise<void> } | undefined;
let resultsJob: { stop(): Promise<void> } | undefined;

async function main(): Promise<void> {
  const config = loadConfig();
  logger = createLogger(config.logLevel);

  // Both stores are checked before any work, so a wrong URL is reported at once.
  if (config.redisUrl) redis = await connectRedis(config.redisUrl);
  database = await openDatabase(config.database);
  const applied = await migrateToLatest(database.db);
  logger.info({ database: database.kind, location: database.location, migrations: applied.map((m) => m.migrationName) }, 'database ready');
  if (database.kind === 'embedded') {
    const seeded = await seedDemoIfEmpty(database.db, { strategistPassword: process.env.DEMO_PASSWORD });
    if (seeded) logger.info({ consultations: seeded.created }, 'demo consultations seeded into the empty database');
    if (seeded?.strategist) {
      logger.info(seeded.strategist, `demo strategist account: sign in as ${seeded.strategist.email} with the password ${seeded.strategist.password}`);
    }
  }

  const services = await createServices({ config, db: database.db, redis, logger });
  server = createPlenumServer({ build: await loadBuild(), services, redis });
  await listen(server.httpServer, config.port, config.host);
  scheduler = startPhaseScheduler({
    db: database.db,
    intervalMs: config.phaseSchedulerIntervalMs,
    logger,
    // Called after the transition has committed: open pages follow at once.
    onTransition: ({ consultationId, from, to }) => services.realtime.toConsultation(consultationId, 'phase:changed', { from, to }),
  });
  resultsJob = startResultsJob({
    db: database.db,
    logger,
    // Called once the new snapshot is stored: the instance's results views refetch it.
    onRefreshed: (instanceId) => services.realtime.toModule(instanceId, 'results:changed', {}),
  });
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, url: `http://localhost:${port}` }, `Plenum is running at http://localhost:${port}`);

  // `on`, not `once`: under tsx (`npm start`) one Ctrl-C reaches this process twice, from the
  // terminal and relayed by tsx, and with no listener left the second one would end the process
  // in the middle of its shutdown. The grace period bounds the shutdown instead.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));
}

async function loadBuild(): Promise<ServerBuild> {
  const buildPath = path.resolve('build/index.js');
  if (!fs.existsSync(buildPath)) {
    throw new ConfigError('The web app is not built yet: run `npm run build` first (`npm start` does it for you).');
  }
  return (await import(pathToFileURL(buildPath).href)) as ServerBuild;
}

function listen(httpServer: HttpServer, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    httpServer.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new ConfigError(`Port ${port} is already in use: stop the program using it, or choose another port, e.g. PORT=${port + 1} npm start.`));
      } else if (error.code === 'EACCES') {
        reject(new ConfigError(`Port ${port} needs administrator rights: choose a port above 1024, e.g. PORT=3000.`));
      } else {
        reject(error);
      }
    });
    httpServer.listen(port, host, () => resolve());
  });
}

async function releaseResources(): Promise<void> {
  await Promise.all([scheduler?.stop(), resultsJob?.stop()]);
  await server?.close();
  redis?.disconnect();
  await database?.close();
}

let shuttingDown = false;

async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  logger?.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
  const force = setTimeout(() => {
    logger?.warn('requests still running after the grace period: closing them');
    server?.httpServer.closeAllConnections();
  }, shutdownGraceMs);
  force.unref();
  try {
    await releaseResources();
    logger?.info('shutdown complete');
    process.exitCode = 0;
  } catch (error) {
    logger?.error({ err: error }, 'shutdown failed');
    process.exitCode = 1;
  }
  logger?.flush();
}

main().catch(async (error: unknown) => {
  const message =
    error instanceof ConfigError
      ? error.message
      : `Plenum could not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  process.stderr.write(`plenum: ${message}\n`);
  await releaseResources().catch(() => {});
  process.exit(1);
});
