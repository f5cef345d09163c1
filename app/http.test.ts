import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed.server';
import type { OpenDatabase } from '../platform/db/database.server';
import { startTestApp, type RunningApp } from '../test/app';
import { createTestDatabase } from '../test/database';

let database: OpenDatabase;
let app: RunningApp;
let redis: Redis | null = null;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  if (process.env.REDIS_URL) redis = new Redis(process.env.REDIS_URL);
  app = await startTestApp(database, { redis });
});
afterAll(async () => {
  await app?.close();
  redis?.disconnect();
  await database?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(app.url + path, { headers, redirect: 'manual' });
const text = async (response: Response) => response.text();
const heading = (html: string) => html.match(/<h1[^>]*>(.*?)<\/h1>/)?.[1];

describe('the home page', () => {
  it('lists the open consultations in the reader’s language, French by default', async () => {
    const french = await text(await get('/'));
    expect(french).toContain('<html lang="fr"');
    expect(french).toContain('Comment transformer la France ensemble ?');
    expect(french).toContain('En cours');

    const english = await text(await get('/', { 'Accept-Language': 'en-GB,en;q=0.9' }));
    expect(english).toContain('<html lang="en"');
    expect(english).toContain('How can we transform France together?');
    expect(english).toContain('Open now');
    expect(english).toContain('Closed');
  });
});

describe('the language switcher', () => {
  it('remembers the chosen language in a cookie and sends the reader back where they were', async () => {
    const response = await fetch(`${app.url}/language`, {
      method: 'POST',
      body: new URLSearchParams({ lng: 'en', redirectTo: '/consultations/weeuropeans' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/consultations/weeuropeans');
    const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(cookie).toMatch(/^plenum_lng=/);

    const page = await text(await get('/consultations/grand-debat-national', { Cookie: cookie, 'Accept-Language': 'fr' }));
    expect(page).toContain('<html lang="en"');
    expect(heading(page)).toBe('How can we transform France together?');
  });

  it.each(['//evil.example/phish', '/\t/evil.example', '/\\evil.example', '/\n/evil.example', 'https://evil.example'])(
    'never redirects to another site (%j)',
    async (redirectTo) => {
      const response = await fetch(`${app.url}/language`, {
        method: 'POST',
        body: new URLSearchParams({ lng: 'fr', redirectTo }),
        redirect: 'manual',
      });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/');
    },
  );

  it('answers 400 with a message for a language Plenum does not speak', async () => {
    const response = await fetch(`${app.url}/language`, {
      method: 'POST',
      body: new URLSearchParams({ lng: 'xx', redirectTo: '/' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
  });
});

describe('the consultation page', () => {
  it('shows the question, description, dates and the themes with their sub-themes', async () => {
    const response = await get('/consultations/grand-debat-national', { 'Accept-Language': 'fr' });
    expect(response.status).toBe(200);
    const page = await text(response);
    expect(heading(page)).toBe('Comment transformer la France ensemble ?');
    expect(page).toContain('Assemblée citoyenne numérique');
    expect(page).toContain('Fiscalité et justice fiscale');
    expect(page).toMatch(/<h4[^>]*>[^<]+<\/h4>/);
    expect(page).toMatch(/Du \d{1,2} \S+ \d{4} au \d{1,2} \S+ \d{4}/);
  });

  it('sends long French pages without the stray NUL bytes React 18.3 leaves at its buffer boundaries', async () => {
    // The debate's page is long and full of accents: several of them meet a 4 kB boundary.
    const bytes = Buffer.from(await (await get('/consultations/grand-debat-national', { 'Accept-Language': 'fr' })).arrayBuffer());
    expect(bytes.length).toBeGreaterThan(16_384);
    expect(bytes.includes(0)).toBe(false);
    expect(bytes.toString('utf8')).not.toContain('\uFFFD');
  });

  it('answers a real 404 page, in the reader’s language, for an unknown slug', async () => {
    const french = await get('/consultations/n-existe-pas', { 'Accept-Language': 'fr' });
    expect(french.status).toBe(404);
    expect(heading(await text(french))).toBe('Page introuvable');

    const english = await get('/consultations/does-not-exist', { 'Accept-Language': 'en' });
    expect(english.status).toBe(404);
    const page = await text(english);
    expect(heading(page)).toBe('Page not found');
    expect(page).toContain('<title>Page not found</title>');
  });

  it('answers 404 for any unknown address', async () => {
    expect((await get('/no/such/page')).status).toBe(404);
  });
});

describe('/healthz', () => {
  it('answers 200 when the database (and Redis, when configured) answer', async () => {
    const response = await get('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      database: 'ok',
      redis: process.env.REDIS_URL ? 'ok' : 'not configured',
    });
  });

  it('answers 503 when the database does not answer', async () => {
    const broken = await createTestDatabase({ migrate: false });
    const brokenApp = await startTestApp(broken);
    await broken.close();
    try {
      const response = await fetch(`${brokenApp.url}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'unavailable', database: 'error' });
    } finally {
      await brokenApp.close();
    }
  });
});
