import { createServer, type Server as HttpServer } from 'node:http';
import path from 'node:path';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express from 'express';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { pinoHttp } from 'pino-http';
import type { Server as SocketServer } from 'socket.io';
import type { IncomingHttpHeaders } from 'node:http';
import { sessionUser } from '../platform/auth/accounts.server';
import { findConsultation } from '../platform/consultations/consultations.server';
import { rolesOf } from '../platform/members/members.server';
import { can, visitor, type Actor } from '../platform/policy';
import { createRealtimeHub } from '../platform/realtime/hub.server';
import { visibleModuleInstance } from '../phases/dispatch.server';
import type { PlenumServices } from './load-context';

export interface PlenumServer {
  httpServer: HttpServer;
  io: SocketServer;
  /** Stops accepting connections, lets requests in flight finish, then resolves. */
  close(): Promise<void>;
}

interface Options {
  build: ServerBuild;
  services: PlenumServices;
  redis: Redis | null;
}

const healthCheckTimeoutMs = 2000;

/**
 * One HTTP server for the whole platform: health check, static files, locales, Socket.io and
 * the Remix request handler, all on the same port.
 */
export function createPlenumServer({ build, services, redis }: Options): PlenumServer {
  const { db, logger } = services;
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
  // Browsers ask for /favicon.ico on their own, whatever the page links to.
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/favicon.svg'));

  app.use(rejectCrossSiteWrites);
  app.all(
    '*',
    createRequestHandler({
      build,
      mode: build.mode,
      getLoadContext: (req) => ({ ...services, clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown', serverPort: req.socket.localPort ?? 0 }),
    }),
  );

  const httpServer = createServer(app);
  const realtime = createRealtimeHub(httpServer, {
    redis,
    logger,
    authorise: (headers, slug) => authoriseJoin(services, headers, slug),
    authoriseModule: (headers, slug, instanceId) => authoriseModuleJoin(services, headers, slug, instanceId),
  });
  services.realtime.attach(realtime.io);

  return {
    httpServer,
    io: realtime.io,
    close: async () => {
      services.mailer.close();
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

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection for every mutation, on top of SameSite cookies: a browser names the page a
 * request comes from (Origin, or Sec-Fetch-Site), and a write from another site is refused.
 * Requests that carry neither come from outside a browser, and so carry no victim's cookies.
 */
function rejectCrossSiteWrites(req: express.Request, res: express.Response, next: express.NextFunction) {
  if (safeMethods.has(req.method)) return next();
  const origin = req.get('origin');
  const fetchSite = req.get('sec-fetch-site');
  const sameHost = origin ? safeHost(origin) === req.get('host') : fetchSite !== 'cross-site';
  if (sameHost) return next();
  // Plain text in both languages: this answer comes before the app, and so before i18n.
  res
    .status(403)
    .type('text/plain; charset=utf-8')
    .send(
      'Ce formulaire a été envoyé depuis un autre site : par sécurité, il a été refusé. Rechargez la page et réessayez.\n' +
        'This form was sent from another site: for your safety it was refused. Reload the page and try again.\n',
    );
}

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** Who is behind a socket, in one consultation, from the session cookie of its handshake. */
async function socketActor(services: PlenumServices, headers: IncomingHttpHeaders, consultationId: string): Promise<Actor> {
  const sessionId: unknown = await services.sessionCookie.parse(headers.cookie ?? null);
  const user = typeof sessionId === 'string' ? await sessionUser(services.db, sessionId) : null;
  return user
    ? { userId: user.id, isAnonymous: user.is_anonymous, isPlatformAdmin: user.is_platform_admin, roles: await rolesOf(services.db, user.id, consultationId) }
    : visitor;
}

/** A socket may follow a consultation live only if its person may view that consultation. */
async function authoriseJoin(services: PlenumServices, headers: IncomingHttpHeaders, slug: string) {
  const consultation = await findConsultation(services.db, slug);
  if (!consultation) return null;
  const actor = await socketActor(services, headers, consultation.id);
  return can(actor, 'consultation.view', consultation) ? { consultationId: consultation.id } : null;
}

/** …and a module instance (a thread) only if it belongs to that consultation and is not still to come. */
async function authoriseModuleJoin(services: PlenumServices, headers: IncomingHttpHeaders, slug: string, instanceId: string) {
  const consultation = await findConsultation(services.db, slug);
  if (!consultation) return false;
  const actor = await socketActor(services, headers, consultation.id);
  if (!can(actor, 'consultation.view', consultation)) return false;
  return (await visibleModuleInstance(services.db, consultation, instanceId)) !== null;
}
