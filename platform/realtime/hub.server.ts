import type { Server as HttpServer, IncomingHttpHeaders } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import type { Logger } from '../logger.server';

export interface RealtimeHub {
  io: Server;
  /** Disconnects every client, closes the HTTP server it is attached to, and leaves Redis. */
  close(): Promise<void>;
}

/** Decides whether the person behind a socket (known by its handshake headers) may join a consultation's room. */
export type JoinAuthoriser = (headers: IncomingHttpHeaders, consultationSlug: string) => Promise<{ consultationId: string } | null>;
/** Decides whether they may follow one module instance (a thread…) of that consultation. */
export type ModuleJoinAuthoriser = (headers: IncomingHttpHeaders, consultationSlug: string, instanceId: string) => Promise<boolean>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const consultationRoom = (consultationId: string) => `consultation:${consultationId}`;
/** One room per module instance: a thread's readers get its posts, not every thread's. */
export const moduleRoom = (instanceId: string) => `module:${instanceId}`;

/**
 * Sends events to the browsers of a consultation. Features call it after their transaction
 * has committed; it is attached to the hub once the HTTP server exists.
 */
export class RealtimeEmitter {
  #io: Server | null = null;

  attach(io: Server): void {
    this.#io = io;
  }

  toConsultation(consultationId: string, event: string, payload: unknown): void {
    this.#io?.to(consultationRoom(consultationId)).emit(event, payload);
  }

  toModule(instanceId: string, event: string, payload: unknown): void {
    this.#io?.to(moduleRoom(instanceId)).emit(event, payload);
  }
}

/**
 * The one realtime hub: Socket.io on the same port as HTTP. With Redis, events cross Plenum
 * processes through the Redis adapter (see DESIGN.md, "Scaling out"). Rooms are not
 * permissions: a socket joins a consultation's room only when `authorise` says so.
 */
export function createRealtimeHub(
  httpServer: HttpServer,
  { redis, logger, authorise, authoriseModule }: { redis: Redis | null; logger: Logger; authorise: JoinAuthoriser; authoriseModule: ModuleJoinAuthoriser },
): RealtimeHub {
  const io = new Server(httpServer, { serveClient: false });
  const connections: Redis[] = [];
  if (redis) {
    const pub = redis.duplicate();
    const sub = redis.duplicate();
    for (const connection of [pub, sub]) {
      connection.on('error', (error) => logger.warn({ err: error }, 'realtime lost its Redis connection'));
      connections.push(connection);
    }
    io.adapter(createAdapter(pub, sub));
  }

  io.on('connection', (socket) => {
    socket.on('consultation:join', async (slug: unknown, ack?: (answer: { ok: boolean }) => void) => {
      try {
        const granted = typeof slug === 'string' ? await authorise(socket.handshake.headers, slug) : null;
        if (granted) await socket.join(consultationRoom(granted.consultationId));
        ack?.({ ok: Boolean(granted) });
      } catch (error) {
        logger.warn({ err: error }, 'could not authorise a realtime join');
        ack?.({ ok: false });
      }
    });
    socket.on('module:join', async (request: unknown, ack?: (answer: { ok: boolean }) => void) => {
      try {
        const { slug, instanceId } = (request ?? {}) as { slug?: unknown; instanceId?: unknown };
        const granted =
          typeof slug === 'string' && typeof instanceId === 'string' && uuidPattern.test(instanceId)
            ? await authoriseModule(socket.handshake.headers, slug, instanceId)
            : false;
        if (granted) await socket.join(moduleRoom(instanceId as string));
        ack?.({ ok: granted });
      } catch (error) {
        logger.warn({ err: error }, 'could not authorise a realtime join');
        ack?.({ ok: false });
      }
    });
  });

  return {
    io,
    close: () =>
      new Promise<void>((resolve) => {
        io.close(() => {
          for (const connection of connections) connection.disconnect();
          resolve();
        });
      }),
  };
}
