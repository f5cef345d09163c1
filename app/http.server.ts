import { createServer, type Server as HttpServer } from 'node:http';
import path from 'node:path';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express from 'express';
import type { Redis } from 'ioredis';
import { sql, type Kysely } from 'kysely';
import { pinoHttp } from 'pino-http';
import type { Server as SocketServer } from 'socket.io';
import type { Database } from '../platform/db/schema';
import type { Logger } from '../platform/logger.server';
import { createRealtimeHub } from '../platform/realtime/hub.server';

export interface PlenumServer {
  httpServer: HttpServer;
  io: SocketServer;
  /** Stops accepting connections, lets requests in flight finish, then resolves. */
  close(): Promise<void>;
}

interface Options {
  build: ServerBuild;
  db: Kysely<Database>;
  redis: Redis | null;
  logger: Logger;
}

const healthCheckTimeoutMs = 2000;

/**
 * One HTTP server for the whole platform: health check, static files, locales, Socket.io and
 * the Remix request handler, all on the same port.
 */
export function createPlenumServer({ build, db, redis, logger }: Options): PlenumServer {
  const app = express();
  app.disable('x-powered-by');
  app.use(compression());
  app.use(pinoHttp({ logger, autoLogging: { ignore: (req) => req.url === '/healthz' } }));

  app.get('/healthz', async (_req, res) => {
    const checks = await Promise.all([
      check('database', () => sql`select 1`.execute(db)),
      redis ? check('redis', () => redis.ping()) : Promise.resolve(['redis', 'not configured'] as const),
    ]);
    const healthy = checks.every(([, status]) => status === 'ok' || status === 'not configured');
    res.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'unavailable', ...Object.fromEntries(checks) });
  });

  // Fingerprinted build assets never change; the rest of public/ may.
  app.use('/build', express.static(path.resolve('public/build'), { immutable: true, maxAge: '1y' }));
  app.use('/locales', express.static(path.resolve('locales'), { maxAge: '1h' }));
  app.use(express.static(path.resolve('public'), { maxAge: '1h' }));

  app.all('*', createRequestHandler({ build, mode: build.mode, getLoadContext: () => ({ db, logger }) }));

  const httpServer = createServer(app);
  const realtime = createRealtimeHub(httpServer, { redis, logger });

  return {
    httpServer,
    io: realtime.io,
    close: async () => {
      // Closing the hub closes the HTTP server too: no new connection is accepted, requests in
      // flight finish. Idle keep-alive sockets would hold it open, so they go at once.
      const closed = realtime.close();
      httpServer.closeIdleConnections();
      await closed;
    },
  };
}

async function check(name: string, probe: () => Promise<unknown>): Promise<readonly [string, string]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), healthCheckTimeoutMs);
  });
  try {
    await Promise.race([probe(), timeout]);
    return [name, 'ok'] as const;
  } catch (error) {
    return [name, error instanceof Error && error.message === 'timeout' ? 'timeout' : 'error'] as const;
  } finally {
    clearTimeout(timer);
  }
}
