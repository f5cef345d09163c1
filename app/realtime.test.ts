import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed.server';
import { startSession } from '../platform/auth/accounts.server';
import type { OpenDatabase } from '../platform/db/database.server';
import { useTestApp, type RunningApp } from '../test/app';

let database: OpenDatabase;
let app: RunningApp;
let strategistCookie = '';
const sockets: Socket[] = [];

useTestApp((opened) => ({ database, app } = opened), { before: (opened) => seedDemo(opened.db, { strategistPassword: 'demo password 123' }) });
beforeAll(async () => {
  const strategist = await database.db.selectFrom('users').select('id').where('email', '=', 'strategist@demo.plenum.test').executeTakeFirstOrThrow();
  strategistCookie = (await app.services.sessionCookie.serialize(await startSession(database.db, strategist.id, 'test'))).split(';')[0]!;
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
});

function connect(cookie?: string): Promise<Socket> {
  const socket = io(app.url, { transports: ['websocket'], extraHeaders: cookie ? { Cookie: cookie } : {}, reconnection: false });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const join = (socket: Socket, slug: string) => socket.timeout(5000).emitWithAck('consultation:join', slug) as Promise<{ ok: boolean }>;

describe('following a consultation live', () => {
  it('tells every follower of a consultation when its phase changes, after the change is saved', async () => {
    const follower = await connect();
    expect(await join(follower, 'halveo-futur-des-courses')).toEqual({ ok: true });
    // Read the database the moment the event arrives: it must already hold the new phase.
    const received = new Promise<{ event: unknown; stateWhenReceived: string }>((resolve) =>
      follower.once('phase:changed', (event: unknown) => {
        void database.db
          .selectFrom('consultations')
          .select('lifecycle_state')
          .where('slug', '=', 'halveo-futur-des-courses')
          .executeTakeFirstOrThrow()
          .then(({ lifecycle_state }) => resolve({ event, stateWhenReceived: lifecycle_state }));
      }),
    );

    const { lifecycle_version } = await database.db
      .selectFrom('consultations')
      .select('lifecycle_version')
      .where('slug', '=', 'halveo-futur-des-courses')
      .executeTakeFirstOrThrow();
    const response = await fetch(`${app.url}/consultations/halveo-futur-des-courses/console`, {
      method: 'POST',
      headers: { Cookie: strategistCookie, Origin: app.url },
      body: new URLSearchParams({ intent: 'switch', event: 'next', version: String(lifecycle_version) }),
    });
    expect(response.status).toBe(200);

    expect(await received).toEqual({ event: { from: 'appropriation', to: 'ideation' }, stateWhenReceived: 'ideation' });
    const saved = await database.db.selectFrom('consultations').select('lifecycle_state').where('slug', '=', 'halveo-futur-des-courses').executeTakeFirstOrThrow();
    expect(saved.lifecycle_state).toBe('ideation');
  });

  it('does not let a visitor follow a draft consultation, nor an unknown one', async () => {
    const { organisation_id } = await database.db.selectFrom('consultations').select('organisation_id').where('slug', '=', 'weeuropeans').executeTakeFirstOrThrow();
    await database.db
      .insertInto('consultations')
      .values({ organisation_id, slug: 'secret-draft', question: { fr: 'Brouillon ?' }, languages: ['fr'], default_language: 'fr' })
      .execute();
    const visitor = await connect();
    expect(await join(visitor, 'secret-draft')).toEqual({ ok: false });
    expect(await join(visitor, 'no-such-consultation')).toEqual({ ok: false });
    const strategist = await connect(strategistCookie);
    expect(await join(strategist, 'secret-draft')).toEqual({ ok: false });
  });
});
