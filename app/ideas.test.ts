import { beforeAll, describe, expect, it } from 'vitest';
import { createConsultation, createPerson, createThread, threadClient, type Person, type ThreadClient } from '../modules/thread/test-factories';
import type { OpenDatabase } from '../platform/db/database.server';
import { useTestApp, type RunningApp } from '../test/app';

// The table of ideas and the page of one idea: what idea catchers harvest, traced to its sources.
let database: OpenDatabase;
let app: RunningApp;
let slug = '';
let consultationId = '';
let instanceId = '';
let thread: ThreadClient;
let catcher: Person;
let participant: Person;
let themeId = '';

const ideasPath = () => `/consultations/${slug}/ideas`;

function send(path: string, fields: Record<string, string> | null, person: Person | null) {
  const headers: Record<string, string> = { Origin: app.url, 'Accept-Language': 'en' };
  if (person) headers.Cookie = person.cookie;
  return fetch(app.url + path, { method: fields ? 'POST' : 'GET', headers, body: fields ? new URLSearchParams(fields) : undefined, redirect: 'manual' });
}
const read = async (path: string, person: Person | null = null) => {
  const response = await send(path, null, person);
  return { status: response.status, html: await response.text() };
};

async function ideaNamed(title: string): Promise<{ id: string; parent_id: string | null }> {
  return database.db.selectFrom('ideas').select(['id', 'parent_id']).where('consultation_id', '=', consultationId).where('title', '=', title).executeTakeFirstOrThrow();
}

/** A participant writes a post and the catcher catches a passage of it, as the thread page does. */
async function caughtPassage(text: string, quote: string, fields: Record<string, string>) {
  const postId = await thread.post(participant, text);
  const answer = await thread.act<{ ideaId: string; extractId: string }>(catcher, 'catch', { postId, quote, ...fields });
  expect(answer.status, JSON.stringify(answer.errors)).toBe(200);
  return { postId, ...answer.result };
}

useTestApp((opened) => ({ database, app } = opened));
beforeAll(async () => {
  const consultation = await createConsultation(database.db);
  ({ slug } = consultation);
  consultationId = consultation.id;
  instanceId = await createThread(database.db, consultationId);
  thread = threadClient(app, slug, instanceId);
  catcher = await createPerson(database.db, app, { consultationId, roles: ['idea_catcher'], name: 'Ines Catcher' });
  participant = await createPerson(database.db, app, { consultationId, roles: ['participant'], name: 'Paul Participant' });
  ({ id: themeId } = await database.db
    .insertInto('themes')
    .values({ consultation_id: consultationId, parent_id: null, slug: 'musees', title: { fr: 'Musées', en: 'Museums' } })
    .returning('id')
    .executeTakeFirstOrThrow());
});

describe('the table of ideas', () => {
  it('says so when no idea has been caught yet', async () => {
    const { status, html } = await read(ideasPath());
    expect(status).toBe(200);
    expect(html).toContain('No idea has been caught yet');
    expect(html).not.toContain('Create an idea');
  });

  it('lets an idea catcher create ideas, and shows sub-ideas under their broader idea with their extracts and theme', async () => {
    const created = await send(ideasPath(), { title: 'Free museums', description: 'Open museums to everyone.', themeId, parentId: '' }, catcher);
    expect(created.status).toBe(200);
    expect(await created.text()).toContain('Idea created: Free museums.');
    const broader = await ideaNamed('Free museums');

    const sub = await send(ideasPath(), { title: 'Free on Sundays', description: '', themeId: '', parentId: broader.id }, catcher);
    expect(sub.status).toBe(200);
    expect((await ideaNamed('Free on Sundays')).parent_id).toBe(broader.id);

    await caughtPassage('Museums should be free on the first Sunday of every month.', 'free on the first Sunday', {
      ideaId: (await ideaNamed('Free on Sundays')).id,
      nature: 'solution',
      nextStep: 'specify',
      important: 'on',
    });

    const { status, html } = await read(ideasPath());
    expect(status).toBe(200);
    expect(html).toContain('2 ideas');
    expect(html).toContain('Museums'); // the theme of the broader idea
    expect(html).toContain('1 extract');
    expect(html).toContain('1 important');
    // The sub-idea sits in the nested list that follows its broader idea.
    const broaderAt = html.indexOf('>Free museums<');
    const nestedAt = html.indexOf('idea-tree--nested', broaderAt);
    const subAt = html.indexOf('>Free on Sundays<');
    expect(broaderAt).toBeGreaterThan(-1);
    expect(nestedAt).toBeGreaterThan(broaderAt);
    expect(subAt).toBeGreaterThan(nestedAt);
  });

  it('refuses an idea without a title, beside the field', async () => {
    const response = await send(ideasPath(), { title: '  ', description: 'No title', themeId: '', parentId: '' }, catcher);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Give the idea a title.');
  });

  it('lets only idea catchers create an idea', async () => {
    const before = await database.db.selectFrom('ideas').select('id').where('consultation_id', '=', consultationId).execute();
    expect((await send(ideasPath(), { title: 'Sneaky idea', themeId: '', parentId: '' }, participant)).status).toBe(403);
    const visitor = await send(ideasPath(), { title: 'Sneaky idea', themeId: '', parentId: '' }, null);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('location')).toMatch(/^\/login/);
    expect(await database.db.selectFrom('ideas').select('id').where('consultation_id', '=', consultationId).execute()).toHaveLength(before.length);
  });
});

describe('the page of an idea', () => {
  it('shows each extract as a quote with its nature, next step and source, linking to the exact passage', async () => {
    const { postId, ideaId, extractId } = await caughtPassage('Libraries could open late on weekdays, for people who work.', 'open late on weekdays', {
      title: 'Libraries open late',
      description: 'Opening hours that fit working lives.',
      themeId,
      nature: 'problem',
      nextStep: 'exemplify',
      important: 'on',
    });
    const { status, html } = await read(`${ideasPath()}/${ideaId}`);
    expect(status).toBe(200);
    expect(html).toContain('<h1>Libraries open late</h1>');
    expect(html).toContain('Opening hours that fit working lives.');
    expect(html).toMatch(/<blockquote[^>]*><p>open late on weekdays<\/p><\/blockquote>/);
    expect(html).toContain('Problem');
    expect(html).toContain('Give examples');
    expect(html).toContain('Important');
    expect(html).toContain('Written by Paul Participant on');
    expect(html).toContain(`href="/consultations/${slug}/modules/${instanceId}?post=${postId}#extract-${extractId}"`);
    expect(html).toContain('See it in the conversation');
  });

  it('keeps the quote of a deleted post, with a note instead of the link', async () => {
    const { postId, ideaId } = await caughtPassage('Theatres could offer a pay-what-you-can evening.', 'pay-what-you-can evening', {
      title: 'Pay what you can',
      nature: 'solution',
      nextStep: 'deepen',
    });
    expect((await thread.act(participant, 'delete', { postId })).status).toBe(200);
    const { html } = await read(`${ideasPath()}/${ideaId}`);
    expect(html).toContain('pay-what-you-can evening');
    expect(html).toContain('Its author has since deleted the post this passage comes from.');
    expect(html).not.toContain(`?post=${postId}`);
    expect(html).not.toContain('Paul Participant');
  });

  it('links to the broader idea and lists the sub-ideas', async () => {
    const broader = await ideaNamed('Free museums');
    const sub = await ideaNamed('Free on Sundays');
    const { html: broaderPage } = await read(`${ideasPath()}/${broader.id}`);
    expect(broaderPage).toContain(`href="${ideasPath()}/${sub.id}"`);
    const { html: subPage } = await read(`${ideasPath()}/${sub.id}`);
    expect(subPage).toContain(`href="${ideasPath()}/${broader.id}"`);
  });

  it('answers 404 for an unknown idea, a malformed address, or an idea of another consultation', async () => {
    expect((await read(`${ideasPath()}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await read(`${ideasPath()}/not-an-idea`)).status).toBe(404);
    const other = await createConsultation(database.db);
    const { id } = await database.db.insertInto('ideas').values({ consultation_id: other.id, title: 'Elsewhere' }).returning('id').executeTakeFirstOrThrow();
    expect((await read(`/consultations/${other.slug}/ideas/${id}`)).status).toBe(200);
    expect((await read(`${ideasPath()}/${id}`)).status).toBe(404);
    expect((await send(`${ideasPath()}/${id}`, { intent: 'move', parentId: '' }, catcher)).status).toBe(404);
  });
});

describe('moving an idea', () => {
  it('lets an idea catcher move an idea under a broader one', async () => {
    const idea = await ideaNamed('Libraries open late');
    const broader = await ideaNamed('Free museums');
    const response = await send(`${ideasPath()}/${idea.id}`, { intent: 'move', parentId: broader.id }, catcher);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('The idea has been moved.');
    expect((await ideaNamed('Libraries open late')).parent_id).toBe(broader.id);

    expect((await send(`${ideasPath()}/${idea.id}`, { intent: 'move', parentId: '' }, catcher)).status).toBe(200);
    expect((await ideaNamed('Libraries open late')).parent_id).toBeNull();
  });

  it('refuses to put an idea under one of its own sub-ideas, beside the field', async () => {
    const broader = await ideaNamed('Free museums');
    const sub = await ideaNamed('Free on Sundays');
    const response = await send(`${ideasPath()}/${broader.id}`, { intent: 'move', parentId: sub.id }, catcher);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('An idea cannot go under itself or under one of its own sub-ideas.');
    expect((await ideaNamed('Free museums')).parent_id).toBeNull();
    expect((await send(`${ideasPath()}/${broader.id}`, { intent: 'move', parentId: broader.id }, catcher)).status).toBe(400);
  });

  it('lets only idea catchers move an idea, and offers them alone the form', async () => {
    const sub = await ideaNamed('Free on Sundays');
    expect((await send(`${ideasPath()}/${sub.id}`, { intent: 'move', parentId: '' }, participant)).status).toBe(403);
    expect((await ideaNamed('Free on Sundays')).parent_id).not.toBeNull();
    expect((await read(`${ideasPath()}/${sub.id}`, participant)).html).not.toContain('Move this idea');
    expect((await read(`${ideasPath()}/${sub.id}`, catcher)).html).toContain('Move this idea');
  });
});
