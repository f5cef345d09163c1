import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { createPlenumServer, type PlenumServer } from '../app/http.server';
import type { PlenumServices } from '../app/load-context';
import { createServices } from '../app/services.server';
import type { OpenDatabase } from '../platform/db/database.server';
import { createLogger } from '../platform/logger.server';
import { createTestDatabase } from './database';

export interface RunningApp {
  url: string;
  server: PlenumServer;
  services: PlenumServices;
  close(): Promise<void>;
}

/**
 * The real HTTP server (Remix build, health check, Socket.io, CSRF check) on a free port, over
 * a test database, sending e-mail to `smtpUrl` (a test SMTP server) when given.
 */
export async function startTestApp(
  database: OpenDatabase,
  { redis = null, smtpUrl = null }: { redis?: Redis | null; smtpUrl?: string | null } = {},
): Promise<RunningApp> {
  const buildUrl = pathToFileURL(path.resolve('build/index.js')).href;
  const build = (await import(/* @vite-ignore */ buildUrl)) as ServerBuild;
  const logger = createLogger('silent');
  // PUBLIC_URL is only known once listening: links in e-mails are rewritten below.
  const services = await createServices({
    config: { publicUrl: 'http://127.0.0.1', smtpUrl, mailFrom: 'Plenum <no-reply@plenum.test>', sessionSecret: 'test-secret-that-is-long-enough-0123456789' },
    db: database.db,
    redis,
    logger,
  });
  const server = createPlenumServer({ build, services, redis });
  await new Promise<void>((resolve) => server.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = server.httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  services.publicUrl = url;
  return { url, server, services, close: () => server.close() };
}

/**
 * A fresh database and the real app over it for one test file: opened before its tests (after
 * `before`, such as seeding the demo), handed to `receive` (the file keeps them in its own
 * `database` and `app`), closed after them.
 */
export function useTestApp(
  receive: (opened: { database: OpenDatabase; app: RunningApp }) => void,
  { before }: { before?: (database: OpenDatabase) => Promise<unknown> } = {},
): void {
  let opened: { database: OpenDatabase; app: RunningApp } | undefined;
  beforeAll(async () => {
    const database = await createTestDatabase();
    await before?.(database);
    opened = { database, app: await startTestApp(database) };
    receive(opened);
  });
  afterAll(async () => {
    await opened?.app.close();
    await opened?.database.close();
  });
}
