import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import type { Redis } from 'ioredis';
import { createPlenumServer, type PlenumServer } from '../app/http.server';
import type { OpenDatabase } from '../platform/db/database.server';
import { createLogger } from '../platform/logger.server';

export interface RunningApp {
  url: string;
  server: PlenumServer;
  close(): Promise<void>;
}

/** The real HTTP server (Remix build, health check, Socket.io) on a free port, over a test database. */
export async function startTestApp(database: OpenDatabase, { redis = null }: { redis?: Redis | null } = {}): Promise<RunningApp> {
  const buildUrl = pathToFileURL(path.resolve('build/index.js')).href;
  const build = (await import(/* @vite-ignore */ buildUrl)) as ServerBuild;
  const server = createPlenumServer({ build, db: database.db, redis, logger: createLogger('silent') });
  await new Promise<void>((resolve) => server.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = server.httpServer.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, close: () => server.close() };
}
