import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import type { Logger } from '../logger.server';

export interface RealtimeHub {
  io: Server;
  /** Disconnects every client, closes the HTTP server it is attached to, and leaves Redis. */
  close(): Promise<void>;
}

/**
 * The one realtime hub: Socket.io on the same port as HTTP. With Redis, events cross Plenum
 * processes through the Redis adapter (see DESIGN.md, "Scaling out"). Rooms are not
 * permissions: features check access before joining a socket to a room, and emit only after
 * their transaction has committed.
 */
export function createRealtimeHub(httpServer: HttpServer, { redis, logger }: { redis: Redis | null; logger: Logger }): RealtimeHub {
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
