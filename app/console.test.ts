import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed.server';
import { startSession } from '../platform/auth/accounts.server';
import type { OpenDatabase } from '../platform/db/database.server';
import { maxLogoBytes } from '../platform/uploads/uploads.server';
import { useTestApp, type RunningApp } from '../test/app';

let database: OpenDatabase;
let app: RunningApp;
let cookie = '';
const console_ = '/consultations/grand-debat-national/console';

useTestApp((opened) => ({ database, app } = opened), { before: (opened) => seedDemo(opened.db, { strategistPassword: 'demo password 123' }) });
beforeAll(async () => {
  const strategist = await database.db.selectFrom('users').select('id').where('email', '=', 'strategist@demo.plenum.test').executeTakeFirstOrThrow();
  cookie = (await app.services.sessionCookie.serialize(await startSession(database.db, strategist.id, 'test'))).split(';')[0]!;
});

const headers = () => ({ Cookie: cookie, Origin: app.url, 'Accept-Language': 'en' });
const post = (path: string, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  return fetch(app.url + path, { method: 'POST', headers: headers(), body, redirect: 'manual' });
};
const upload = (bytes: Uint8Array<ArrayBuffer>, name: string, type: string) => {
  const form = new FormData();
  form.append('intent', 'logo');
  form.append('logo', new Blob([bytes], { type }), name);
  return fetch(app.url + console_, { method: 'POST', headers: headers(), body: form, redirect: 'manual' });
};
const consultation = () => database.db.selectFrom('consultations').selectAll().where('slug', '=', 'grand-debat-national').executeTakeFirstOrThrow();

// The smallest valid PNG (1×1, transparent).
const png: Uint8Array<ArrayBuffer> = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64'));

describe('the strategist console', () => {
  it('creates a consultation as a draft run by its creator, and refuses a brand colour too light for white text', async () => {
    const fields = { organisationName: 'Ville de Lyon', question_fr: 'Comment mieux se déplacer à Lyon ?', languages: ['fr'], defaultLanguage: 'fr', anonymity: 'allowed', moderation: 'post' };
    const light = await post('/console/new', { ...fields, primaryColor: '#ffee88' });
    expect(light.status).toBe(400);
    expect(await light.text()).toContain('too light for white text');

    const created = await post('/console/new', { ...fields, primaryColor: '#1d3557' });
    expect(created.status).toBe(302);
    expect(created.headers.get('location')).toBe('/consultations/comment-mieux-se-deplacer-a-lyon/console?created=1');
    const row = await database.db.selectFrom('consultations').selectAll().where('slug', '=', 'comment-mieux-se-deplacer-a-lyon').executeTakeFirstOrThrow();
    expect(row.lifecycle_state).toBe('draft');
    const visitorView = await fetch(`${app.url}/consultations/comment-mieux-se-deplacer-a-lyon`, { redirect: 'manual' });
    expect(visitorView.status).toBe(302);
    expect(visitorView.headers.get('location')).toMatch(/^\/login/);
  });

  it('keeps themes to two levels, with a message beside the field', async () => {
    const { id } = await consultation();
    const sub = await database.db.selectFrom('themes').select('id').where('consultation_id', '=', id).where('parent_id', 'is not', null).executeTakeFirstOrThrow();
    const response = await post(console_, { intent: 'addTheme', title_fr: 'Trop profond', title_en: '', parentId: sub.id });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('A sub-theme cannot have sub-themes');
  });

  it('refuses to drop the current phase from the plan', async () => {
    const response = await post(console_, { intent: 'phases', used: ['appropriation', 'deepening'] });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('The current phase cannot be removed');
    expect((await consultation()).phases).toEqual(['appropriation', 'ideation', 'deepening', 'prioritisation']);
  });

  it('tells the second of two strategists switching from the same version that someone was first', async () => {
    const { lifecycle_version } = await consultation();
    const first = await post(console_, { intent: 'switch', event: 'next', version: String(lifecycle_version) });
    const second = await post(console_, { intent: 'switch', event: 'next', version: String(lifecycle_version) });
    expect(first.status).toBe(200);
    expect(second.status).toBe(400);
    expect(await second.text()).toContain('Someone else changed the phase');
    expect((await consultation()).lifecycle_state).toBe('deepening');
  });

  it('asks a reason to go back, and writes it in the history', async () => {
    const { lifecycle_version } = await consultation();
    const without = await post(console_, { intent: 'switch', event: 'back', reason: '  ', version: String(lifecycle_version) });
    expect(await without.text()).toContain('Say why you are going back');
    await post(console_, { intent: 'switch', event: 'back', reason: 'Les échanges continuent', version: String(lifecycle_version) });
    const page = await (await fetch(app.url + console_, { headers: headers() })).text();
    expect(page).toContain('Les échanges continuent');
    expect((await consultation()).lifecycle_state).toBe('ideation');
  });

  it('adds a discussion thread on a theme, refuses a theme of another consultation, and keeps a thread that holds posts', async () => {
    const { id } = await consultation();
    const theme = await database.db.selectFrom('themes').select(['id', 'title']).where('consultation_id', '=', id).where('slug', '=', 'sante').executeTakeFirstOrThrow();
    const added = await post(console_, { intent: 'addThread', phase: 'ideation', themeId: theme.id, title_fr: '', title_en: '' });
    expect(added.status).toBe(200);
    const thread = await database.db.selectFrom('module_instances').selectAll().where('theme_id', '=', theme.id).where('kind', '=', 'thread').executeTakeFirstOrThrow();
    expect(thread.phase).toBe('ideation');
    // The console names it after its theme.
    const page = (await (await fetch(app.url + console_, { headers: headers() })).text()).replaceAll('<!-- -->', '');
    expect(page).toContain(`Discussion thread · ${theme.title.en}`);

    const elsewhere = await database.db.selectFrom('themes').innerJoin('consultations', 'consultations.id', 'themes.consultation_id').select('themes.id').where('consultations.slug', '=', 'weeuropeans').executeTakeFirstOrThrow();
    const refused = await post(console_, { intent: 'addThread', phase: 'ideation', themeId: elsewhere.id });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Choose a theme of this consultation');
    const prioritisation = await post(console_, { intent: 'addThread', phase: 'prioritisation', themeId: '' });
    expect(prioritisation.status).toBe(400);

    // A seeded thread holds the demo conversation: removing it would erase what people wrote.
    const busy = await database.db.selectFrom('posts').select('instance_id').where('consultation_id', '=', id).executeTakeFirstOrThrow();
    const removal = await post(console_, { intent: 'removeModule', instanceId: busy.instance_id });
    expect(removal.status).toBe(400);
    expect(await removal.text()).toContain('cannot be removed');
    expect(await database.db.selectFrom('module_instances').select('id').where('id', '=', busy.instance_id).executeTakeFirst()).toBeDefined();
    const emptyRemoval = await post(console_, { intent: 'removeModule', instanceId: thread.id });
    expect(emptyRemoval.status).toBe(200);
  });

  it('accepts a PNG logo and serves it as an image that browsers may not sniff', async () => {
    const response = await upload(png, 'logo.png', 'image/png');
    expect(response.status).toBe(200);
    const { organisation_id } = await consultation();
    const { logo_url } = await database.db.selectFrom('organisations').select('logo_url').where('id', '=', organisation_id).executeTakeFirstOrThrow();
    expect(logo_url).toMatch(/^\/uploads\/[0-9a-f-]{36}$/);
    const served = await fetch(app.url + logo_url);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png);
  });

  it('refuses an SVG (it can carry scripts), a file named .png that is not an image, and a file over the size limit', async () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    for (const [bytes, name, type, message] of [
      [svg, 'logo.svg', 'image/svg+xml', 'not a PNG, JPEG or WebP image'],
      [new TextEncoder().encode('not an image at all'), 'logo.png', 'image/png', 'not a PNG, JPEG or WebP image'],
      [new Uint8Array(maxLogoBytes + 1), 'big.png', 'image/png', 'too large'],
    ] as const) {
      const response = await upload(bytes, name, type);
      expect(response.status, name).toBe(400);
      expect(await response.text()).toContain(message);
    }
    expect(await database.db.selectFrom('uploads').select('id').execute()).toHaveLength(1);
  });

  it('lists the sites allowed to embed the widget, one origin a line, and refuses a page address beside the field', async () => {
    const settings = { intent: 'settings', question_fr: 'Comment transformer la France ensemble ?', question_en: 'How can we transform France together?', languages: ['fr', 'en'], defaultLanguage: 'fr', anonymity: 'allowed', moderation: 'post', primaryColor: '#1d3557' };

    const withPath = await post(console_, { ...settings, embedOrigins: 'https://www.example-news.fr\nhttps://media.example.org/articles/debat' });
    expect(withPath.status).toBe(400);
    const page = await withPath.text();
    expect(page).toContain('Write only the start of each site’s address');
    expect(page).toMatch(/id="field-embedOrigins"[^>]*aria-invalid="true"/);
    const notASite = await post(console_, { ...settings, embedOrigins: 'www.example-news.fr' });
    expect(await notASite.text()).toContain('Each line must be a site address starting with https:// or http://');
    const script = await post(console_, { ...settings, embedOrigins: 'javascript:alert(1)' });
    expect(script.status).toBe(400);
    expect((await consultation()).embed_origins).toEqual([]);

    // Spaces, blank lines, a trailing slash, capitals and repeats are tidied into origins.
    const saved = await post(console_, { ...settings, embedOrigins: '  https://WWW.Example-News.fr/ \r\n\nhttp://127.0.0.1:3299\nhttps://www.example-news.fr' });
    expect(saved.status).toBe(200);
    expect((await consultation()).embed_origins).toEqual(['https://www.example-news.fr', 'http://127.0.0.1:3299']);
    const form = await (await fetch(app.url + console_, { headers: headers() })).text();
    expect(form).toContain('https://www.example-news.fr\nhttp://127.0.0.1:3299</textarea>');

    // Emptying the field allows no other site.
    await post(console_, { ...settings, embedOrigins: '' });
    expect((await consultation()).embed_origins).toEqual([]);
  });

  it('saves a rich description, shows it sanitised on the public page, and refuses an unsafe link beside the field', async () => {
    const settings = { intent: 'settings', question_fr: 'Comment transformer la France ensemble ?', question_en: 'How can we transform France together?', languages: ['fr', 'en'], defaultLanguage: 'fr', anonymity: 'allowed', moderation: 'post', primaryColor: '#1d3557' };
    const doc = (marks: unknown[], text: string) => JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text, marks }] }] });

    const unsafe = await post(console_, { ...settings, description_fr: doc([{ type: 'link', attrs: { href: 'javascript:alert(1)' } }], 'cliquez'), description_en: '' });
    expect(unsafe.status).toBe(400);
    expect(await unsafe.text()).toContain('Links must start with http://, https:// or mailto:');

    const saved = await post(console_, {
      ...settings,
      description_fr: doc([{ type: 'bold' }], 'Un débat <script>alert(1)</script> pour tous'),
      description_en: 'A debate for everyone',
    });
    expect(saved.status).toBe(200);
    const page = await (await fetch(`${app.url}/consultations/grand-debat-national`, { headers: { 'Accept-Language': 'fr' } })).text();
    expect(page).toContain('<strong>Un débat &lt;script&gt;alert(1)&lt;/script&gt; pour tous</strong>');
    expect(page).not.toContain('<script>alert(1)');
    const english = await (await fetch(`${app.url}/consultations/grand-debat-national`, { headers: { 'Accept-Language': 'en' } })).text();
    expect(english).toContain('<p>A debate for everyone</p>');
  });
});
