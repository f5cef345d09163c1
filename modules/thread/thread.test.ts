import { beforeAll, describe, expect, it } from 'vitest';
import { moderationQueueFor } from '../../phases/dispatch.server';
import type { OpenDatabase } from '../../platform/db/database.server';
import type { Consultation } from '../../platform/db/schema';
import type { Actor } from '../../platform/policy';
import { useTestApp, type RunningApp } from '../../test/app';
import type { ThreadConfig } from './manifest';
import { maxPostChars, pageSize, revisionsOf } from '../../platform/contributions/posts.server';
import { createConsultation, createPerson, createThread, docOf, paragraphs, threadClient, type Person, type TestConsultation, type ThreadClient } from './test-factories';

/*
 * The thread module through the real HTTP server: what participants, experts, moderators and
 * idea catchers do in a thread, and what each of them may not do.
 */

let database: OpenDatabase;
let app: RunningApp;

useTestApp((opened) => ({ database, app } = opened));

interface Scene {
  consultation: TestConsultation;
  instanceId: string;
  thread: ThreadClient;
  /** A participant of the consultation, signed in. */
  participant: (name?: string) => Promise<Person>;
}

/** A consultation in ideation with one thread, and a way to enrol people. */
async function openThread(options: Parameters<typeof createConsultation>[1] = {}): Promise<Scene> {
  const consultation = await createConsultation(database.db, options);
  const instanceId = await createThread(database.db, consultation.id);
  return {
    consultation,
    instanceId,
    thread: threadClient(app, consultation.slug, instanceId),
    participant: (name) => createPerson(database.db, app, { consultationId: consultation.id, roles: ['participant'], name }),
  };
}

const storedPosts = async (instanceId: string) =>
  database.db.selectFrom('posts').select(['id', 'status', 'body_html']).where('instance_id', '=', instanceId).orderBy('seq').execute();

const actorOf = (person: Person, roles: Actor['roles']): Actor => ({ userId: person.id, isAnonymous: false, isPlatformAdmin: false, roles });

async function consultationRow(id: string): Promise<Consultation> {
  return database.db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('talking in a thread', () => {
  it('lets participants post and reply, and reads each reply right under what it answers', async () => {
    const { thread, participant } = await openThread();
    const [anne, bilal, chloe] = await Promise.all([participant('Anne'), participant('Bilal'), participant('Chloé')]);

    const museums = await thread.post(anne, paragraphs('Les musées devraient être gratuits le dimanche.'));
    const libraries = await thread.post(bilal, 'Ouvrir les bibliothèques le soir, après le travail.');
    const reply = await thread.post(chloe, 'Oui, comme à Paris le premier dimanche du mois.', museums);
    const answerToReply = await thread.post(anne, 'Exactement, et ça marche très bien.', reply);
    const secondReply = await thread.post(bilal, 'Et les moins de 26 ans toute la semaine ?', museums);

    const { status, page } = await thread.read(bilal);
    expect(status).toBe(200);
    expect(page.posts.map((post) => [post.id, post.depth, post.parentId])).toEqual([
      [museums, 0, null],
      [reply, 1, museums],
      [answerToReply, 2, reply],
      [secondReply, 1, museums],
      [libraries, 0, null],
    ]);
    expect(page.posts[0]).toMatchObject({ status: 'published', html: '<p>Les musées devraient être gratuits le dimanche.</p>', author: { id: anne.id, name: 'Anne', expert: false } });
    expect(page.stats).toEqual({ posts: 5, contributors: 3 });
    expect(page.viewer).toMatchObject({ userId: bilal.id, mayPost: true, mayReact: true, mayModerate: false, mayCatch: false });
  });

  it('shows an expert’s post with the expert badge, and nobody else’s', async () => {
    const { consultation, thread, participant } = await openThread();
    const camille = await participant('Camille');
    const expert = await createPerson(database.db, app, { consultationId: consultation.id, roles: ['expert'], name: 'Dr Martin' });
    const question = await thread.post(camille, 'La gratuité augmente-t-elle vraiment la fréquentation ?');
    const answer = await thread.post(expert, 'Les études du ministère montrent une hausse surtout chez les habitués.', question);

    const { page } = await thread.read(null);
    expect(page.posts.find((post) => post.id === answer)?.author).toEqual({ id: expert.id, name: 'Dr Martin', expert: true });
    expect(page.posts.find((post) => post.id === question)?.author).toEqual({ id: camille.id, name: 'Camille', expert: false });
  });

  it('lets anyone read the thread, but only participants and the team post in it', async () => {
    const { consultation, instanceId, thread, participant } = await openThread();
    await thread.post(await participant(), 'Un premier message.');
    const stranger = await createPerson(database.db, app, { name: 'Passant' });
    const viewer = await createPerson(database.db, app, { consultationId: consultation.id, roles: ['client_viewer'], name: 'Client' });

    for (const [who, person] of [['a visitor', null], ['an account that did not join', stranger], ['a client viewer', viewer]] as const) {
      const answer = await thread.act(person, 'post', { body: 'Je passe par là.' });
      expect(answer.status, who).toBe(403);
      expect(answer.errors, who).toEqual({ form: 'notAllowed' });
      expect((await thread.read(person)).status, who).toBe(200);
    }
    expect(await storedPosts(instanceId)).toHaveLength(1);
    expect((await thread.read(stranger)).page.viewer).toMatchObject({ mayPost: false, mayJoin: true });
  });
});

describe('a post the thread refuses', () => {
  let scene: Scene;
  let anne: Person;
  let elsewhere: string;
  let hidden: string;
  let deleted: string;

  beforeAll(async () => {
    scene = await openThread();
    anne = await scene.participant('Anne');
    // A post of another thread of the same consultation, a hidden one and a deleted one.
    const otherThread = threadClient(app, scene.consultation.slug, await createThread(database.db, scene.consultation.id));
    elsewhere = await otherThread.post(anne, 'Dans un autre fil.');
    const moderator = await createPerson(database.db, app, { consultationId: scene.consultation.id, roles: ['moderator'] });
    hidden = await scene.thread.post(anne, 'Un message insultant.');
    expect((await scene.thread.act(moderator, 'hide', { postId: hidden, reason: 'Insulte' })).status).toBe(200);
    deleted = await scene.thread.post(anne, 'Un message retiré.');
    expect((await scene.thread.act(anne, 'delete', { postId: deleted })).status).toBe(200);
  });

  const javascriptLink = docOf({ type: 'text', text: 'cliquez ici', marks: [{ type: 'link', attrs: { href: 'javascript:alert(document.cookie)' } }] });
  const cases: [string, () => Record<string, string>, number, Record<string, string>][] = [
    ['an empty post', () => ({ body: '' }), 400, { body: 'body.empty' }],
    ['a post of blank lines', () => ({ body: paragraphs('   ', '\t') }), 400, { body: 'body.empty' }],
    ['a post over the size limit', () => ({ body: 'a'.repeat(maxPostChars + 1) }), 400, { body: 'body.tooLong' }],
    ['a document with a node the editor does not have', () => ({ body: JSON.stringify({ type: 'doc', content: [{ type: 'image', attrs: { src: 'https://example.org/x.png' } }] }) }), 400, { body: 'body.invalid' }],
    ['a link to javascript:', () => ({ body: javascriptLink }), 400, { body: 'body.unsafeLink' }],
    ['a reply to a post of another thread', () => ({ body: 'Je réponds.', parentId: elsewhere }), 400, { parentId: 'parent.elsewhere' }],
    ['a reply to a hidden post', () => ({ body: 'Je réponds.', parentId: hidden }), 400, { parentId: 'parent.hidden' }],
    ['a reply to a deleted post', () => ({ body: 'Je réponds.', parentId: deleted }), 400, { parentId: 'parent.deleted' }],
    ['a reply to a post that does not exist', () => ({ body: 'Je réponds.', parentId: '00000000-0000-4000-8000-000000000000' }), 400, { parentId: 'parent.elsewhere' }],
    ['a reply to something that is not a post id', () => ({ body: 'Je réponds.', parentId: 'not-an-id' }), 404, { parentId: 'unknown' }],
  ];

  it.each(cases)('%s is refused with a reason, and nothing is stored', async (_name, fields, status, errors) => {
    const before = await storedPosts(scene.instanceId);
    const answer = await scene.thread.act(anne, 'post', fields());
    expect(answer.status).toBe(status);
    expect(answer).toMatchObject({ ok: false, errors });
    expect(await storedPosts(scene.instanceId)).toEqual(before);
  });

  it('a post of exactly the size limit is accepted', async () => {
    const answer = await scene.thread.act(anne, 'post', { body: 'a'.repeat(maxPostChars) });
    expect(answer.status).toBe(200);
  });
});

describe('editing and deleting', () => {
  it('keeps every earlier version of an edited post, and only its author may edit it', async () => {
    const { consultation, instanceId, thread, participant } = await openThread();
    const [anne, bilal] = await Promise.all([participant('Anne'), participant('Bilal')]);
    const postId = await thread.post(anne, 'Des musées gratuits.');
    expect((await thread.act(anne, 'edit', { postId, body: 'Des musées gratuits le dimanche.' })).status).toBe(200);
    expect((await thread.act(anne, 'edit', { postId, body: paragraphs('Des musées gratuits le dimanche, pour tous.') })).status).toBe(200);

    const refused = await thread.act(bilal, 'edit', { postId, body: 'Ce n’est pas mon message.' });
    expect(refused).toMatchObject({ status: 403, errors: { form: 'notYours' } });
    const empty = await thread.act(anne, 'edit', { postId, body: '' });
    expect(empty).toMatchObject({ status: 400, errors: { body: 'body.empty' } });

    const post = (await thread.read(bilal)).page.posts.find((p) => p.id === postId)!;
    expect(post).toMatchObject({ html: '<p>Des musées gratuits le dimanche, pour tous.</p>', revisions: 2 });
    expect(post.editedAt).not.toBeNull();

    const context = {
      db: database.db,
      actor: actorOf(bilal, new Set(['participant'])),
      consultation: await consultationRow(consultation.id),
      instance: { id: instanceId, phase: 'ideation' as const, config: { title: {} } as ThreadConfig, themeId: null },
      open: true,
      locale: 'fr',
      emit: () => {},
    };
    const history = await revisionsOf(context, postId);
    expect(history.map((revision) => revision.html)).toEqual(['<p>Des musées gratuits le dimanche.</p>', '<p>Des musées gratuits.</p>']);
    // Readers ask the page for them.
    const asked = (await thread.read(bilal, { post: postId, history: postId })).page.history;
    expect(asked?.postId).toBe(postId);
    expect(asked?.versions.map((version) => version.html)).toEqual(history.map((revision) => revision.html));
    expect((await thread.read(bilal)).page.history).toBeNull();

    // Someone who is no longer a participant no longer writes, not even by editing.
    await database.db.deleteFrom('memberships').where('user_id', '=', anne.id).execute();
    expect(await thread.act(anne, 'edit', { postId, body: 'Je modifie encore.' })).toMatchObject({ status: 403, errors: { form: 'notAllowed' } });
  });

  it('leaves a “deleted” placeholder in the place of a deleted post, and its replies where they were', async () => {
    const { thread, participant } = await openThread();
    const [anne, bilal] = await Promise.all([participant('Anne'), participant('Bilal')]);
    const postId = await thread.post(anne, 'Un avis que je regrette.');
    const replyId = await thread.post(bilal, 'Je ne suis pas d’accord.', postId);

    expect((await thread.act(bilal, 'delete', { postId })).status).toBe(403);
    expect((await thread.act(anne, 'delete', { postId })).status).toBe(200);

    const { page } = await thread.read(bilal);
    expect(page.posts.map((post) => post.id)).toEqual([postId, replyId]);
    expect(page.posts[0]).toMatchObject({ status: 'deleted', html: null, author: null });
    expect(page.posts[1]).toMatchObject({ status: 'published', html: '<p>Je ne suis pas d’accord.</p>', parentId: postId, depth: 1 });
    expect((await thread.act(anne, 'edit', { postId, body: 'Je reviens.' })).status).toBe(409);
  });
});

describe('reactions', () => {
  it('counts one reaction of each kind per person, given and taken back', async () => {
    const { thread, participant } = await openThread();
    const [anne, bilal, chloe] = await Promise.all([participant('Anne'), participant('Bilal'), participant('Chloé')]);
    const postId = await thread.post(anne, 'Des concerts gratuits dans les parcs.');

    const react = (person: Person, kind: string) => thread.act<{ given: boolean }>(person, 'react', { postId, kind });
    expect((await react(bilal, 'like')).result.given).toBe(true);
    expect((await react(bilal, 'like')).result.given).toBe(false);
    expect((await react(bilal, 'like')).result.given).toBe(true);
    expect((await react(bilal, 'moreInfo')).result.given).toBe(true);
    expect((await react(chloe, 'like')).result.given).toBe(true);
    expect((await react(chloe, 'disagree')).result.given).toBe(true);
    expect((await react(anne, 'unclear')).result.given).toBe(true);
    expect(await react(chloe, 'love')).toMatchObject({ status: 400, errors: { kind: 'reaction.unknown' } });
    // Upvotes are for arguments in columns, not for a conversation.
    expect(await react(chloe, 'upvote')).toMatchObject({ status: 400, errors: { kind: 'reaction.unknown' } });

    const { page } = await thread.read(bilal);
    expect(page.posts[0]!.reactions).toEqual({ like: 2, disagree: 1, unclear: 1, moreInfo: 1, upvote: 0 });
    expect(page.myReactions[postId]?.sort()).toEqual(['like', 'moreInfo']);

    const visitor = await thread.act(null, 'react', { postId, kind: 'like' });
    expect(visitor.status).toBe(403);
    expect((await thread.read(null)).page.posts[0]!.reactions.like).toBe(2);
  });
});

describe('moderation', () => {
  it('holds a participant’s post for a moderator in a pre-moderated consultation: only its author and moderators see it until it is published', async () => {
    const { consultation, instanceId, thread, participant } = await openThread({ moderation: 'pre' });
    const [anne, bilal] = await Promise.all([participant('Anne'), participant('Bilal')]);
    const moderator = await createPerson(database.db, app, { consultationId: consultation.id, roles: ['moderator'], name: 'Modératrice' });

    const written = await thread.act<{ postId: string; status: string }>(anne, 'post', { body: 'Mon idée : un pass culture pour tous.' });
    expect(written.result.status).toBe('awaiting');
    const postId = written.result.postId;

    expect((await thread.read(anne)).page.posts.map((post) => [post.id, post.status])).toEqual([[postId, 'awaiting']]);
    expect((await thread.read(moderator)).page.posts.map((post) => post.id)).toEqual([postId]);
    expect((await thread.read(bilal)).page.posts).toEqual([]);
    expect((await thread.read(null)).page.posts).toEqual([]);
    expect((await thread.changes(bilal, '0')).posts).toEqual([]);
    // Nobody may answer or react to what others cannot see yet.
    expect((await thread.act(bilal, 'post', { body: 'Je réponds.', parentId: postId })).status).toBe(400);
    expect((await thread.act(moderator, 'react', { postId, kind: 'like' })).status).toBe(409);

    // The moderator's own posts need nobody's approval.
    const rule = await thread.act<{ status: string }>(moderator, 'post', { body: 'Rappel : restons courtois.' });
    expect(rule.result.status).toBe('published');

    const moderatorActor = actorOf(moderator, new Set(['moderator']));
    const queue = await moderationQueueFor(database.db, moderatorActor, await consultationRow(consultation.id), 'fr');
    expect(queue.map((item) => [item.id, item.cause])).toEqual([[postId, 'awaiting']]);
    expect(queue[0]!.path).toBe(`/consultations/${consultation.slug}/modules/${instanceId}?post=${postId}#post-${postId}`);

    // The moderator publishes it from the shared moderation queue.
    const decided = await fetch(`${app.url}/consultations/${consultation.slug}/moderation`, {
      method: 'POST',
      headers: { Origin: app.url, Cookie: moderator.cookie, 'Accept-Language': 'en' },
      body: new URLSearchParams({ instanceId, itemId: postId, decision: 'publish' }),
      redirect: 'manual',
    });
    expect(decided.status).toBe(200);
    expect((await thread.read(bilal)).page.posts.find((post) => post.id === postId)).toMatchObject({ status: 'published', html: '<p>Mon idée : un pass culture pour tous.</p>' });
    expect((await thread.changes(bilal, '0')).posts.map((post) => post.id)).toContain(postId);
  });

  it('leaves no trace for others of a post refused or withdrawn before it was published, and publishes the team’s posts at once', async () => {
    const { consultation, instanceId, thread, participant } = await openThread({ moderation: 'pre' });
    const [anne, bilal] = await Promise.all([participant('Anne'), participant('Bilal')]);
    const moderator = await createPerson(database.db, app, { consultationId: consultation.id, roles: ['moderator'], name: 'Modératrice' });
    const expert = await createPerson(database.db, app, { consultationId: consultation.id, roles: ['expert'], name: 'Experte' });

    const refused = (await thread.act<{ postId: string }>(anne, 'post', { body: 'Un message hors charte.' })).result.postId;
    const withdrawn = (await thread.act<{ postId: string }>(anne, 'post', { body: 'Finalement, non.' })).result.postId;
    const answer = await thread.act<{ status: string }>(expert, 'post', { body: 'Les chiffres officiels sont publiés chaque année.' });
    expect(answer.result.status).toBe('published');

    // A report cannot be dismissed on a post that waits: it is published or hidden.
    const dismiss = (decision: string, itemId: string) =>
      fetch(`${app.url}/consultations/${consultation.slug}/moderation`, {
        method: 'POST',
        headers: { Origin: app.url, Cookie: moderator.cookie, 'Accept-Language': 'en' },
        body: new URLSearchParams({ instanceId, itemId, decision, reason: 'Hors charte' }),
        redirect: 'manual',
      });
    expect((await dismiss('dismiss', refused)).status).toBe(409);
    expect((await dismiss('hide', refused)).status).toBe(200);
    expect((await thread.act(anne, 'delete', { postId: withdrawn })).status).toBe(200);

    const seenByBilal = (await thread.read(bilal)).page.posts;
    expect(seenByBilal.map((post) => post.status)).toEqual(['published']);
    expect((await thread.changes(bilal, '0')).posts.map((post) => post.status)).toEqual(['published']);
    // Their author still sees what became of them.
    expect((await thread.read(anne)).page.posts.map((post) => [post.id, post.status])).toEqual(
      expect.arrayContaining([
        [refused, 'hidden'],
        [withdrawn, 'deleted'],
      ]),
    );
  });

  it('takes reports with their reason to the moderators, who hide the post with a reason everyone sees', async () => {
    const { consultation, instanceId, thread, participant } = await openThread();
    const [anne, bilal] = await Promise.all([participant('Anne'), participant('Bilal')]);
    const moderator = await createPerson(database.db, app, { consultationId: consultation.id, roles: ['moderator'] });
    const postId = await thread.post(anne, 'Un message hors sujet et blessant.');

    expect(await thread.act(bilal, 'report', { postId, reason: '' })).toMatchObject({ status: 400, errors: { reason: 'reason.required' } });
    expect(await thread.act(bilal, 'report', { postId, reason: 'x'.repeat(501) })).toMatchObject({ status: 400, errors: { reason: 'reason.tooLong' } });
    expect((await thread.act(null, 'report', { postId, reason: 'Blessant' })).status).toBe(403);
    expect((await thread.act(bilal, 'report', { postId, reason: 'Propos blessants envers un autre participant' })).status).toBe(200);

    const moderatorActor = actorOf(moderator, new Set(['moderator']));
    const queue = await moderationQueueFor(database.db, moderatorActor, await consultationRow(consultation.id), 'fr');
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ id: postId, instanceId, cause: 'reported', reports: [{ reason: 'Propos blessants envers un autre participant' }] });

    expect(await thread.act(bilal, 'hide', { postId, reason: 'Hors sujet' })).toMatchObject({ status: 403 });
    expect(await thread.act(moderator, 'hide', { postId, reason: '' })).toMatchObject({ status: 400, errors: { reason: 'reason.required' } });
    expect((await thread.act(moderator, 'hide', { postId, reason: 'Propos blessants (charte, article 2)' })).status).toBe(200);

    const post = (await thread.read(bilal)).page.posts[0]!;
    expect(post).toMatchObject({ id: postId, status: 'hidden', html: null, hiddenReason: 'Propos blessants (charte, article 2)' });
    const stored = await database.db.selectFrom('post_reports').select(['resolved_at', 'resolved_by']).where('post_id', '=', postId).executeTakeFirstOrThrow();
    expect(stored.resolved_by).toBe(moderator.id);
    expect(await moderationQueueFor(database.db, moderatorActor, await consultationRow(consultation.id), 'fr')).toEqual([]);
  });
});

describe('a thread whose phase is not open', () => {
  it('can still be read once its phase is over, but nothing more is written in it', async () => {
    const consultation = await createConsultation(database.db, { lifecycleState: 'deepening' });
    const instanceId = await createThread(database.db, consultation.id, { phase: 'ideation' });
    const thread = threadClient(app, consultation.slug, instanceId);
    const anne = await createPerson(database.db, app, { consultationId: consultation.id });

    const answer = await thread.act(anne, 'post', { body: 'Trop tard ?' });
    expect(answer).toMatchObject({ status: 409, errors: { form: 'module.closed' } });
    const { status, page } = await thread.read(anne);
    expect(status).toBe(200);
    expect(page.viewer.mayPost).toBe(false);
    expect(await storedPosts(instanceId)).toEqual([]);
  });

  it('refuses posts once the consultation is closed, and hides threads of phases still to come', async () => {
    const closed = await createConsultation(database.db, { lifecycleState: 'closed' });
    const closedThread = threadClient(app, closed.slug, await createThread(database.db, closed.id));
    const anne = await createPerson(database.db, app, { consultationId: closed.id });
    expect(await closedThread.act(anne, 'post', { body: 'Encore un mot.' })).toMatchObject({ status: 409 });

    const early = await createConsultation(database.db, { lifecycleState: 'appropriation' });
    const futureThread = threadClient(app, early.slug, await createThread(database.db, early.id, { phase: 'deepening' }));
    const bilal = await createPerson(database.db, app, { consultationId: early.id });
    expect((await futureThread.read(bilal)).status).toBe(404);
    expect((await futureThread.changes(bilal, '0')).status).toBe(404);
    expect((await futureThread.act(bilal, 'post', { body: 'En avance.' })).status).toBe(409);
  });

  it('answers 404 for a thread that does not exist or whose address is not an id', async () => {
    const { consultation, participant } = await openThread();
    const anne = await participant();
    for (const instanceId of ['00000000-0000-4000-8000-000000000000', 'not-a-thread']) {
      const thread = threadClient(app, consultation.slug, instanceId);
      expect((await thread.act(anne, 'post', { body: 'Bonjour' })).status, instanceId).toBe(404);
      expect((await thread.read(anne)).status, instanceId).toBe(404);
      expect((await thread.changes(anne, '0')).status, instanceId).toBe(404);
    }
  });
});

describe('a long thread', () => {
  let scene: Scene;
  /** The thread's 120 posts in reading order. */
  let order: string[];
  let lively: string;
  let livelyReplies: string[];
  let roots: string[];

  beforeAll(async () => {
    scene = await openThread();
    // Each participant writes under the contribution rate limit (20 a minute).
    const authors = await Promise.all(Array.from({ length: 8 }, (_, i) => scene.participant(`Participant ${i + 1}`)));
    let written = 0;
    const nextAuthor = () => authors[written++ % authors.length]!;
    roots = [];
    lively = await scene.thread.post(nextAuthor(), 'Le sujet qui fait réagir.');
    roots.push(lively);
    for (let i = 2; i <= 60; i++) roots.push(await scene.thread.post(nextAuthor(), `Message ${i}`));
    livelyReplies = [];
    for (let i = 1; i <= 60; i++) livelyReplies.push(await scene.thread.post(nextAuthor(), `Réponse ${i}`, lively));
    order = [lively, ...livelyReplies, ...roots.slice(1)];
  });

  it('is read one window at a time, in reading order, without gaps or repeats', async () => {
    const reader = await scene.participant();
    const first = (await scene.thread.read(reader)).page;
    expect(first.posts).toHaveLength(pageSize);
    expect(first).toMatchObject({ hasEarlier: false, hasLater: true });
    const second = (await scene.thread.read(reader, { after: first.posts.at(-1)!.sortPath })).page;
    expect(second).toMatchObject({ hasEarlier: true, hasLater: true });
    const third = (await scene.thread.read(reader, { after: second.posts.at(-1)!.sortPath })).page;
    expect(third).toMatchObject({ hasEarlier: true, hasLater: false });
    expect([...first.posts, ...second.posts, ...third.posts].map((post) => post.id)).toEqual(order);

    const back = (await scene.thread.read(reader, { before: third.posts[0]!.sortPath })).page;
    expect(back.posts.map((post) => post.id)).toEqual(second.posts.map((post) => post.id));
  });

  it('opens at the post a link points to, starting with the post it answers', async () => {
    const reader = await scene.participant();
    const root = (await scene.thread.read(reader, { post: roots[40]! })).page;
    expect(root.focus).toBe(roots[40]);
    expect(root.posts[0]!.id).toBe(roots[40]);
    expect(root.hasEarlier).toBe(true);

    const nearReply = (await scene.thread.read(reader, { post: livelyReplies[2]! })).page;
    expect(nearReply.focus).toBe(livelyReplies[2]);
    expect(nearReply.posts[0]!.id).toBe(lively);

    // A reply far down a long conversation is still on the page the link opens.
    const farReply = (await scene.thread.read(reader, { post: livelyReplies[55]! })).page;
    expect(farReply.focus).toBe(livelyReplies[55]);
    expect(farReply.posts.map((post) => post.id)).toContain(livelyReplies[55]);
  });

  it('tells a returning reader how many posts are new since their last visit, for the whole of that visit', async () => {
    const reader = await scene.participant('Lectrice');
    const writer = await scene.participant('Rédacteur');
    expect((await scene.thread.read(reader)).page.news).toMatchObject({ newPosts: 0, firstNewId: null });
    // The reader leaves for an hour.
    const leave = () => database.db.updateTable('thread_visits').set({ visited_at: new Date(Date.now() - 60 * 60 * 1000) }).where('user_id', '=', reader.id).execute();
    await leave();

    const fresh = [await scene.thread.post(writer, 'Du nouveau 1'), await scene.thread.post(writer, 'Du nouveau 2', lively), await scene.thread.post(writer, 'Du nouveau 3')];
    const back = (await scene.thread.read(reader)).page;
    expect(back.news).toMatchObject({ newPosts: 3, firstNewId: fresh[0] });
    expect(back.news.since).not.toBeNull();

    // Posting reloads the page: what was new when the visit began is still new, and one's own post never is.
    await scene.thread.post(reader, 'Mon propre message ne compte pas.');
    expect((await scene.thread.read(reader)).page.news).toMatchObject({ newPosts: 3, firstNewId: fresh[0] });

    await leave();
    expect((await scene.thread.read(reader)).page.news).toMatchObject({ newPosts: 0 });
  });
});

describe('catching ideas', () => {
  let scene: Scene;
  let anne: Person;
  let catcher: Person;
  let postId: string;

  beforeAll(async () => {
    scene = await openThread();
    anne = await scene.participant('Anne');
    catcher = await createPerson(database.db, app, { consultationId: scene.consultation.id, roles: ['idea_catcher'], name: 'Léa' });
    postId = await scene.thread.post(
      anne,
      JSON.stringify({
        type: 'doc',
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'Il faudrait ' }, { type: 'text', text: 'ouvrir les musées', marks: [{ type: 'bold' }] }, { type: 'text', text: ' le soir.' }] },
          { type: 'paragraph', content: [{ type: 'text', text: 'Et aussi créer un pass culture pour les familles.' }] },
        ],
      }),
    );
  });

  const catchFields = (fields: Record<string, string>) => ({ postId, nature: 'solution', nextStep: 'specify', ...fields });

  it('catches a passage into a new idea, and the post then shows the passage as caught', async () => {
    const caught = await scene.thread.act<{ ideaId: string; extractId: string }>(
      catcher,
      'catch',
      catchFields({ quote: 'ouvrir les musées  le\nsoir', title: 'Ouvrir les musées le soir', description: 'Des horaires pour ceux qui travaillent.' }),
    );
    expect(caught.status).toBe(200);
    const idea = await database.db.selectFrom('ideas').selectAll().where('id', '=', caught.result.ideaId).executeTakeFirstOrThrow();
    expect(idea).toMatchObject({ title: 'Ouvrir les musées le soir', consultation_id: scene.consultation.id, created_by: catcher.id });
    const extract = await database.db.selectFrom('extracts').selectAll().where('id', '=', caught.result.extractId).executeTakeFirstOrThrow();
    expect(extract).toMatchObject({ post_id: postId, idea_id: idea.id, quote: 'ouvrir les musées le soir', nature: 'solution', next_step: 'specify' });

    const post = (await scene.thread.read(anne)).page.posts.find((p) => p.id === postId)!;
    expect(post.html).toContain(`<mark class="caught" id="extract-${caught.result.extractId}"`);
    expect(post.caught).toEqual([{ extractId: caught.result.extractId, ideaId: idea.id, ideaTitle: 'Ouvrir les musées le soir' }]);
  });

  it('catches a second passage into an existing idea', async () => {
    const first = await scene.thread.act<{ ideaId: string }>(catcher, 'catch', catchFields({ quote: 'Il faudrait', title: 'Une idée à préciser' }));
    const second = await scene.thread.act<{ ideaId: string; extractId: string }>(
      catcher,
      'catch',
      catchFields({ quote: 'le soir. Et aussi créer un pass culture', ideaId: first.result.ideaId, important: 'on' }),
    );
    expect(second.status).toBe(200);
    expect(second.result.ideaId).toBe(first.result.ideaId);
    const extracts = await database.db.selectFrom('extracts').select(['quote', 'important']).where('idea_id', '=', first.result.ideaId).orderBy('created_at').execute();
    expect(extracts).toEqual([
      { quote: 'Il faudrait', important: false },
      { quote: 'le soir. Et aussi créer un pass culture', important: true },
    ]);
    const post = (await scene.thread.read(anne)).page.posts.find((p) => p.id === postId)!;
    expect(post.html).toContain(`id="extract-${second.result.extractId}"`);
  });

  it('refuses a quote that is not in the post, and catches from anyone but idea catchers', async () => {
    const extractsBefore = await database.db.selectFrom('extracts').select('id').execute();
    expect(await scene.thread.act(catcher, 'catch', catchFields({ quote: 'fermer les musées', title: 'Inventée' }))).toMatchObject({ status: 400, errors: { quote: 'quote.notFound' } });
    expect(await scene.thread.act(catcher, 'catch', catchFields({ quote: 'Il faudrait' }))).toMatchObject({ status: 400, errors: { title: 'title.required' } });
    expect(await scene.thread.act(catcher, 'catch', catchFields({ quote: 'Il faudrait', ideaId: '00000000-0000-4000-8000-000000000000' }))).toMatchObject({ status: 404 });
    expect(await scene.thread.act(anne, 'catch', catchFields({ quote: 'Il faudrait', title: 'Mon idée' }))).toMatchObject({ status: 403 });
    expect(await database.db.selectFrom('extracts').select('id').execute()).toEqual(extractsBefore);
  });
});
