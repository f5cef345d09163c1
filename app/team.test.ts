import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed.server';
import { startSession } from '../platform/auth/accounts.server';
import type { OpenDatabase } from '../platform/db/database.server';
import { startTestApp, type RunningApp } from '../test/app';
import { createTestDatabase } from '../test/database';
import { startTestSmtpServer, type TestSmtpServer } from '../test/smtp';

// Who may receive a role, who may change branding, and what a closed consultation answers.
let database: OpenDatabase;
let app: RunningApp;
let smtp: TestSmtpServer;
let strategistCookie = '';
const debate = '/consultations/grand-debat-national';

async function cookieFor(email: string): Promise<{ id: string; cookie: string }> {
  const user =
    (await database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) ??
    (await database.db.insertInto('users').values({ email, display_name: email.split('@')[0]! }).returning('id').executeTakeFirstOrThrow());
  const cookie = (await app.services.sessionCookie.serialize(await startSession(database.db, user.id, 'test'))).split(';')[0]!;
  return { id: user.id, cookie };
}

const post = (path: string, fields: Record<string, string | string[]>, cookie = strategistCookie) => {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  return fetch(app.url + path, { method: 'POST', headers: { Cookie: cookie, Origin: app.url, 'Accept-Language': 'en' }, body, redirect: 'manual' });
};

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, { strategistPassword: 'demo password 123' });
  smtp = await startTestSmtpServer();
  app = await startTestApp(database, { smtpUrl: smtp.url });
  strategistCookie = (await cookieFor('strategist@demo.plenum.test')).cookie;
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
  await database?.close();
});

describe('roles and invitations', () => {
  it('gives roles only to members: anyone else must be invited', async () => {
    const stranger = await cookieFor('stranger@example.org');
    const response = await post(`${debate}/team`, { intent: 'setRoles', userId: stranger.id, roles: ['strategist'] });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('not a member of this consultation');
    expect(await database.db.selectFrom('memberships').select('role').where('user_id', '=', stranger.id).execute()).toEqual([]);
  });

  it('grants an invitation only to the account of the address it was sent to', async () => {
    await post(`${debate}/team`, { intent: 'invite', email: 'invitee@example.org', role: 'strategist' });
    const mail = await smtp.nextMessageTo('invitee@example.org');
    const link = mail.text.match(/\/invitations\/\S+/)![0];
    const other = await cookieFor('forwarded-to@example.org');
    const response = await post(link, { intent: 'accept' }, other.cookie);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('This invitation was sent to invitee@example.org');
    expect(await database.db.selectFrom('memberships').select('role').where('user_id', '=', other.id).execute()).toEqual([]);

    const invitee = await cookieFor('invitee@example.org');
    expect((await post(link, { intent: 'accept' }, invitee.cookie)).status).toBe(302);
    expect(await database.db.selectFrom('memberships').select('role').where('user_id', '=', invitee.id).execute()).toEqual([{ role: 'strategist' }]);
  });
});

describe('the last strategist', () => {
  it('stays, even when two strategists remove each other at the same moment', async () => {
    // A consultation whose only strategist is the demo one, plus a second one added here.
    const brand = '/consultations/halveo-futur-des-courses';
    const { id: consultationId } = await database.db.selectFrom('consultations').select('id').where('slug', '=', 'halveo-futur-des-courses').executeTakeFirstOrThrow();
    const demo = await cookieFor('strategist@demo.plenum.test');
    const other = await cookieFor('co-strategist@example.org');
    await database.db.insertInto('memberships').values({ consultation_id: consultationId, user_id: other.id, role: 'strategist' }).execute();

    const [first, second] = await Promise.all([
      post(`${brand}/team`, { intent: 'setRoles', userId: other.id, roles: ['participant'] }, demo.cookie),
      post(`${brand}/team`, { intent: 'setRoles', userId: demo.id, roles: ['participant'] }, other.cookie),
    ]);
    // Whichever ran second either found its author no longer a strategist (403) or was the last one (400).
    expect([first.status, second.status].filter((status) => status === 200)).toHaveLength(1);
    const left = await database.db.selectFrom('memberships').select('user_id').where('consultation_id', '=', consultationId).where('role', '=', 'strategist').execute();
    expect(left).toHaveLength(1);
  });
});

describe('the console', () => {
  it('does not let a strategist change the branding of an organisation that runs consultations they do not', async () => {
    const { organisation_id } = await database.db.selectFrom('consultations').select('organisation_id').where('slug', '=', 'grand-debat-national').executeTakeFirstOrThrow();
    await database.db
      .insertInto('consultations')
      .values({ organisation_id, slug: 'sister-consultation', question: { fr: 'Une autre ?' }, languages: ['fr'], default_language: 'fr' })
      .execute();
    const response = await post(`${debate}/console`, {
      intent: 'settings',
      question_fr: 'Comment transformer la France ensemble ?',
      languages: ['fr'],
      defaultLanguage: 'fr',
      anonymity: 'allowed',
      moderation: 'post',
      primaryColor: '#5a189a',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('belongs to the organisation');
    const { primary_color } = await database.db.selectFrom('organisations').select('primary_color').where('id', '=', organisation_id).executeTakeFirstOrThrow();
    expect(primary_color).toBe('#1d3557');
  });

  it.each(['2026-13-01', '2026-02-30', 'tomorrow'])('refuses a phase date that does not exist (%s), beside the field', async (date) => {
    const response = await post(`${debate}/console`, { intent: 'phases', used: ['appropriation', 'ideation'], opens_ideation: date });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Enter a date.');
  });
});

describe('a closed consultation', () => {
  it('sends someone who tries to join back to its page, with the reason', async () => {
    const response = await post('/consultations/weeuropeans/join', {}, '');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/consultations/weeuropeans?problem=closed');
    const page = await (await fetch(`${app.url}/consultations/weeuropeans?problem=closed`, { headers: { 'Accept-Language': 'en' } })).text();
    expect(page).toContain('This consultation has ended');
  });
});
