import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OpenDatabase } from '../../platform/db/database.server';
import { startTestApp, useTestApp, type RunningApp } from '../../test/app';
import { postChanged } from '../../platform/contributions/posts.server';
import { createConsultation, createPerson, createThread, threadClient, type Person, type TestConsultation } from './test-factories';
import { latestChange, mergePosts, type PostView, type PostWindow } from '../../platform/contributions/post-state';

/*
 * Following a thread live: who receives its posts, what a reader who lost the connection gets
 * back, and (with Redis) posts crossing from one Plenum process to another.
 */

let database: OpenDatabase;
let app: RunningApp;
const sockets: Socket[] = [];

useTestApp((opened) => ({ database, app } = opened));
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
});

/** A browser's realtime connection to `server`, signed in as `person` (or a visitor), with every post it receives. */
async function connect(server: RunningApp, person: Person | null): Promise<{ socket: Socket; received: PostView[] }> {
  const socket = io(server.url, { transports: ['websocket'], extraHeaders: person ? { Cookie: person.cookie } : {}, reconnection: false });
  sockets.push(socket);
  const received: PostView[] = [];
  socket.on(postChanged, (post: PostView) => received.push(post));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, received };
}

const follow = (socket: Socket, slug: string, instanceId: string) =>
  socket.timeout(5000).emitWithAck('module:join', { slug, instanceId }) as Promise<{ ok: boolean }>;

/** Waits until `received` holds the post `postId` (at its latest `status` when given). */
const receivedPost = (received: PostView[], postId: string) =>
  vi.waitFor(
    () => {
      const post = received.find((p) => p.id === postId);
      if (!post) throw new Error(`post ${postId} not received`);
      return post;
    },
    { timeout: 5000, interval: 20 },
  );

interface Scene {
  consultation: TestConsultation;
  instanceId: string;
  thread: ReturnType<typeof threadClient>;
  anne: Person;
  bilal: Person;
}

async function openThread(server = app): Promise<Scene> {
  const consultation = await createConsultation(database.db);
  const instanceId = await createThread(database.db, consultation.id);
  const [anne, bilal] = await Promise.all([
    createPerson(database.db, server, { consultationId: consultation.id, name: 'Anne' }),
    createPerson(database.db, server, { consultationId: consultation.id, name: 'Bilal' }),
  ]);
  return { consultation, instanceId, thread: threadClient(server, consultation.slug, instanceId), anne, bilal };
}

describe('following a thread live', () => {
  it('brings a new post to every reader of the thread, once it is saved', async () => {
    const { consultation, instanceId, thread, anne, bilal } = await openThread();
    const first = await connect(app, bilal);
    const second = await connect(app, null);
    expect(await follow(first.socket, consultation.slug, instanceId)).toEqual({ ok: true });
    expect(await follow(second.socket, consultation.slug, instanceId)).toEqual({ ok: true });

    // Read the database the moment the event arrives: the post must already be there.
    const storedWhenReceived = new Promise<number>((resolve) =>
      first.socket.once(postChanged, (post: PostView) => {
        void database.db.selectFrom('posts').select('id').where('id', '=', post.id).execute().then((rows) => resolve(rows.length));
      }),
    );
    const postId = await thread.post(anne, 'Des bibliothèques ouvertes le dimanche.');

    const [toBilal, toVisitor] = await Promise.all([receivedPost(first.received, postId), receivedPost(second.received, postId)]);
    expect(await storedWhenReceived).toBe(1);
    expect(toBilal).toMatchObject({ id: postId, status: 'published', html: '<p>Des bibliothèques ouvertes le dimanche.</p>', author: { id: anne.id, name: 'Anne' } });
    expect(toVisitor).toEqual(toBilal);
    // What the event carries is what a reader loading the thread sees.
    expect((await thread.read(null)).page.posts).toEqual([toBilal]);

    const replyId = await thread.post(bilal, 'Bonne idée !', postId);
    expect(await receivedPost(second.received, replyId)).toMatchObject({ parentId: postId, depth: 1 });
  });

  it('brings nothing to a connection that did not join the thread', async () => {
    const one = await openThread();
    const other = await openThread();
    const outsider = await connect(app, one.bilal);
    // The outsider follows another thread only: its post, written after, proves the first one would have arrived by then.
    expect(await follow(outsider.socket, other.consultation.slug, other.instanceId)).toEqual({ ok: true });

    const unseen = await one.thread.post(one.anne, 'Dans le premier fil.');
    const seen = await other.thread.post(other.anne, 'Dans le second fil.');
    await receivedPost(outsider.received, seen);
    expect(outsider.received.map((post) => post.id)).toEqual([seen]);
    expect(unseen).not.toBe(seen);
  });

  it('lets nobody follow a thread they may not read: a draft consultation, a future phase, another consultation’s thread', async () => {
    const draft = await createConsultation(database.db, { lifecycleState: 'draft' });
    const draftThread = await createThread(database.db, draft.id);
    const strategist = await createPerson(database.db, app, { consultationId: draft.id, roles: ['strategist'] });
    const open = await openThread();
    const future = await createThread(database.db, open.consultation.id, { phase: 'deepening' });

    const visitor = await connect(app, null);
    const team = await connect(app, strategist);
    expect(await follow(visitor.socket, draft.slug, draftThread)).toEqual({ ok: false });
    expect(await follow(team.socket, draft.slug, draftThread)).toEqual({ ok: false });
    expect(await follow(visitor.socket, open.consultation.slug, future)).toEqual({ ok: false });
    // A public consultation's name does not open another consultation's thread.
    expect(await follow(visitor.socket, open.consultation.slug, draftThread)).toEqual({ ok: false });
    expect(await follow(visitor.socket, open.consultation.slug, 'not-an-id')).toEqual({ ok: false });
    expect(await follow(visitor.socket, 'no-such-consultation', open.instanceId)).toEqual({ ok: false });
    expect(await follow(visitor.socket, open.consultation.slug, open.instanceId)).toEqual({ ok: true });

    // Refused joins leave the connection out of every room.
    const sentinel = await open.thread.post(open.anne, 'Ceci arrive.');
    await receivedPost(visitor.received, sentinel);
    expect(visitor.received.map((post) => post.id)).toEqual([sentinel]);
    expect(team.received).toEqual([]);
  });

  it('tells readers a post was hidden, without sending its words again', async () => {
    const { consultation, instanceId, thread, anne } = await openThread();
    const moderator = await createPerson(database.db, app, { consultationId: consultation.id, roles: ['moderator'] });
    const postId = await thread.post(anne, 'Des propos blessants.');
    const reader = await connect(app, null);
    expect(await follow(reader.socket, consultation.slug, instanceId)).toEqual({ ok: true });

    expect((await thread.act(moderator, 'hide', { postId, reason: 'Propos blessants' })).status).toBe(200);
    const hidden = await receivedPost(reader.received, postId);
    expect(hidden).toMatchObject({ id: postId, status: 'hidden', html: null, hiddenReason: 'Propos blessants' });
    expect(JSON.stringify(reader.received)).not.toContain('blessants.');
  });

  it('keeps a post awaiting moderation off the air', async () => {
    const consultation = await createConsultation(database.db, { moderation: 'pre' });
    const instanceId = await createThread(database.db, consultation.id);
    const thread = threadClient(app, consultation.slug, instanceId);
    const [anne, moderator] = await Promise.all([
      createPerson(database.db, app, { consultationId: consultation.id, name: 'Anne' }),
      createPerson(database.db, app, { consultationId: consultation.id, roles: ['moderator'] }),
    ]);
    const reader = await connect(app, null);
    expect(await follow(reader.socket, consultation.slug, instanceId)).toEqual({ ok: true });

    const awaiting = await thread.post(anne, 'En attente de modération.');
    const published = await thread.post(moderator, 'Bienvenue dans ce fil.');
    await receivedPost(reader.received, published);
    expect(reader.received.map((post) => post.id)).toEqual([published]);
    expect(awaiting).not.toBe(published);
  });
});

describe('coming back after losing the connection', () => {
  it('catches up with what was written meanwhile, without missing or repeating a post', async () => {
    const { consultation, instanceId, thread, anne, bilal } = await openThread();
    const opening = await thread.post(anne, 'Premier message.');
    const reader = await createPerson(database.db, app, { consultationId: consultation.id, name: 'Chloé' });

    // The reader's page: the window it loaded, then every event it receives merged into it.
    const loaded = (await thread.read(reader)).page;
    let screen: PostWindow = { posts: loaded.posts, hasEarlier: loaded.hasEarlier, hasLater: loaded.hasLater };
    const live = await connect(app, reader);
    live.socket.on(postChanged, (post: PostView) => {
      screen = mergePosts(screen, [post]);
    });
    expect(await follow(live.socket, consultation.slug, instanceId)).toEqual({ ok: true });
    const whileOnline = await thread.post(bilal, 'Deuxième message, reçu en direct.');
    await receivedPost(live.received, whileOnline);
    const lastKnown = latestChange(screen.posts, loaded.latestChange);

    live.socket.disconnect();
    const meanwhile = [
      await thread.post(anne, 'Écrit pendant la coupure.'),
      await thread.post(bilal, 'Une réponse pendant la coupure.', opening),
      await thread.post(anne, 'Encore un.'),
    ];
    expect((await thread.act(bilal, 'react', { postId: opening, kind: 'like' })).status).toBe(200);
    expect((await thread.act(anne, 'edit', { postId: opening, body: 'Premier message, précisé.' })).status).toBe(200);
    expect(live.received.map((post) => post.id)).not.toContain(meanwhile[0]);

    // Back online: follow again first, then ask for what was missed, so that nothing falls in between.
    live.socket.connect();
    await vi.waitFor(() => expect(live.socket.connected).toBe(true), { timeout: 5000 });
    expect(await follow(live.socket, consultation.slug, instanceId)).toEqual({ ok: true });
    const missed = await thread.changes(reader, lastKnown);
    expect(missed.status).toBe(200);
    expect(missed.complete).toBe(true);
    expect(missed.posts.map((post) => post.id).sort()).toEqual([opening, ...meanwhile].sort());
    screen = mergePosts(screen, missed.posts);
    // The same changes arriving again (a second fetch, or their events) change nothing.
    screen = mergePosts(screen, missed.posts);
    for (const post of missed.posts) screen = mergePosts(screen, [post]);

    const fresh = (await thread.read(reader)).page;
    expect(screen.posts).toEqual(fresh.posts);
    expect(screen.posts.map((post) => post.id)).toEqual([opening, meanwhile[1], whileOnline, meanwhile[0], meanwhile[2]]);
    expect(screen.posts[0]).toMatchObject({ html: '<p>Premier message, précisé.</p>', revisions: 1, reactions: { like: 1 } });
    expect(missed.latest).toBe(latestChange(fresh.posts, '0'));

    // And once back, posts arrive live again.
    const afterwards = await thread.post(bilal, 'Et maintenant en direct.');
    await receivedPost(live.received, afterwards);
    expect(screen.posts.map((post) => post.id)).toEqual([...fresh.posts.map((post) => post.id), afterwards]);
  });

  it('refuses a change counter that is not one', async () => {
    const { thread, anne } = await openThread();
    expect((await thread.changes(anne, 'yesterday')).status).toBe(400);
    expect((await thread.changes(anne, '-1')).status).toBe(400);
  });
});

describe.runIf(Boolean(process.env.REDIS_URL))('two Plenum processes sharing Redis', () => {
  const redises: Redis[] = [];
  const apps: RunningApp[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const redis = new Redis(process.env.REDIS_URL!);
      redises.push(redis);
      apps.push(await startTestApp(database, { redis }));
    }
  });
  afterAll(async () => {
    for (const running of apps) await running.close();
    for (const redis of redises) redis.disconnect();
  });

  it('brings each post to the readers of both processes, whichever process saved it', async () => {
    const [east, west] = apps as [RunningApp, RunningApp];
    const { consultation, instanceId, anne, bilal } = await openThread(east);
    const onEast = await connect(east, null);
    const onWest = await connect(west, bilal);
    expect(await follow(onEast.socket, consultation.slug, instanceId)).toEqual({ ok: true });
    expect(await follow(onWest.socket, consultation.slug, instanceId)).toEqual({ ok: true });

    const throughEast = await threadClient(east, consultation.slug, instanceId).post(anne, 'Écrit sur le premier serveur.');
    const throughWest = await threadClient(west, consultation.slug, instanceId).post(bilal, 'Écrit sur le second serveur.', throughEast);

    for (const reader of [onEast, onWest]) {
      expect(await receivedPost(reader.received, throughEast)).toMatchObject({ html: '<p>Écrit sur le premier serveur.</p>' });
      expect(await receivedPost(reader.received, throughWest)).toMatchObject({ parentId: throughEast });
    }
    // Exactly once each.
    expect(onEast.received.map((post) => post.id)).toEqual([throughEast, throughWest]);
    expect(onWest.received.map((post) => post.id)).toEqual([throughEast, throughWest]);
  });
});
