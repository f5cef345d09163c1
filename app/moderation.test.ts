import { beforeAll, describe, expect, it } from 'vitest';
import { createConsultation, createPerson, createThread, threadClient, type Person, type ThreadClient } from '../modules/thread/test-factories';
import type { OpenDatabase } from '../platform/db/database.server';
import { useTestApp, type RunningApp } from '../test/app';

// The moderation queue shared by every module with contributions, worked through HTTP.
let database: OpenDatabase;
let app: RunningApp;
let slug = '';
let instanceId = '';
let thread: ThreadClient;
let moderator: Person;
let author: Person;
let reader: Person;

const queuePath = () => `/consultations/${slug}/moderation`;

function send(path: string, fields: Record<string, string> | null, person: Person | null) {
  const headers: Record<string, string> = { Origin: app.url, 'Accept-Language': 'en' };
  if (person) headers.Cookie = person.cookie;
  return fetch(app.url + path, { method: fields ? 'POST' : 'GET', headers, body: fields ? new URLSearchParams(fields) : undefined, redirect: 'manual' });
}
const decide = (postId: string, decision: string, person: Person | null = moderator, extra: Record<string, string> = {}) =>
  send(queuePath(), { instanceId, itemId: postId, decision, ...extra }, person);

const statusOf = async (postId: string) =>
  database.db.selectFrom('posts').select(['status', 'hidden_reason']).where('id', '=', postId).executeTakeFirstOrThrow();

const seenBy = async (person: Person, postId: string) => (await thread.read(person)).page.posts.some((post) => post.id === postId);

useTestApp((opened) => ({ database, app } = opened));
beforeAll(async () => {
  // Pre-moderated: a participant's post waits for a moderator before others read it.
  const consultation = await createConsultation(database.db, { moderation: 'pre' });
  slug = consultation.slug;
  instanceId = await createThread(database.db, consultation.id);
  thread = threadClient(app, slug, instanceId);
  moderator = await createPerson(database.db, app, { consultationId: consultation.id, roles: ['moderator'], name: 'Morgane Moderator' });
  author = await createPerson(database.db, app, { consultationId: consultation.id, roles: ['participant'], name: 'Alex Author' });
  reader = await createPerson(database.db, app, { consultationId: consultation.id, roles: ['participant'], name: 'Robin Reader' });
});

describe('the moderation queue', () => {
  it('says so when nothing waits', async () => {
    const response = await send(queuePath(), null, moderator);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Nothing to moderate');
  });

  it('publishes an awaiting post, which others can then read', async () => {
    const postId = await thread.post(author, 'Every school could visit a theatre once a year.');
    expect((await statusOf(postId)).status).toBe('awaiting');
    expect(await seenBy(reader, postId)).toBe(false);

    const queue = await send(queuePath(), null, moderator);
    const html = await queue.text();
    expect(html).toContain('Awaiting moderation: contribution by Alex Author');
    expect(html).toContain('Every school could visit a theatre once a year.');
    expect(html).toContain(`href="/consultations/${slug}/modules/${instanceId}?post=${postId}#post-${postId}"`);

    const published = await decide(postId, 'publish');
    expect(published.status).toBe(200);
    expect(await published.text()).toContain('Published: everyone can read it now.');
    expect((await statusOf(postId)).status).toBe('published');
    expect(await seenBy(reader, postId)).toBe(true);
    expect(await (await send(queuePath(), null, moderator)).text()).not.toContain('Every school could visit');
  });

  it('hides a post only with a reason', async () => {
    const postId = await thread.post(author, 'Buy my concert tickets at a discount here.');
    const refused = await decide(postId, 'hide', moderator, { reason: '   ' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Give a reason for hiding it.');
    expect((await decide(postId, 'hide')).status).toBe(400);
    expect((await statusOf(postId)).status).toBe('awaiting');

    const hidden = await decide(postId, 'hide', moderator, { reason: 'Advertising' });
    expect(hidden.status).toBe(200);
    expect(await hidden.text()).toContain('Hidden: its place in the conversation now shows your reason.');
    expect(await statusOf(postId)).toEqual({ status: 'hidden', hidden_reason: 'Advertising' });
  });

  it('shows the reasons a post was reported, and dismisses its reports', async () => {
    const postId = await thread.post(moderator, 'Moderators answer questions about the rules here.');
    expect((await thread.act(reader, 'report', { postId, reason: 'Off topic' })).status).toBe(200);
    const html = await (await send(queuePath(), null, moderator)).text();
    expect(html).toContain('Reported once: contribution by Morgane Moderator');
    expect(html).toContain('Off topic');
    expect(html).toContain('Dismiss the reports');

    const dismissed = await decide(postId, 'dismiss');
    expect(dismissed.status).toBe(200);
    expect(await dismissed.text()).toContain('Reports dismissed: the contribution stays as it was.');
    expect((await statusOf(postId)).status).toBe('published');
    expect(await (await send(queuePath(), null, moderator)).text()).not.toContain('Off topic');
  });

  it('answers 4xx with a message for an unknown item or decision', async () => {
    const unknown = await decide('00000000-0000-4000-8000-000000000000', 'publish');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('This contribution is no longer in the queue');
    expect((await decide('not-a-post', 'publish')).status).toBe(400);
    const postId = await thread.post(author, 'A post to decide on later.');
    const strange = await decide(postId, 'delete');
    expect(strange.status).toBe(400);
    expect(await strange.text()).toContain('Choose to publish, hide, or dismiss the reports.');
    expect((await statusOf(postId)).status).toBe('awaiting');
  });

  it('refuses the queue and its decisions to anyone who does not moderate', async () => {
    const postId = await thread.post(author, 'Please publish me without a moderator.');
    expect((await send(queuePath(), null, reader)).status).toBe(403);
    expect((await decide(postId, 'publish', reader)).status).toBe(403);
    expect((await decide(postId, 'publish', author)).status).toBe(403);
    const visitor = await decide(postId, 'publish', null);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('location')).toMatch(/^\/login/);
    expect((await statusOf(postId)).status).toBe('awaiting');
  });
});
