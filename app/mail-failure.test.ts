import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed.server';
import { startSession } from '../platform/auth/accounts.server';
import type { OpenDatabase } from '../platform/db/database.server';
import { startTestApp, type RunningApp } from '../test/app';
import { createTestDatabase } from '../test/database';
import { startTestSmtpServer, type TestSmtpServer } from '../test/smtp';

// When our mail server refuses a message, the person is told plainly and nothing half-done stays.
let database: OpenDatabase;
let smtp: TestSmtpServer;
let app: RunningApp;
const bounce = 'bounce@example.org';

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, { strategistPassword: 'demo password 123' });
  smtp = await startTestSmtpServer({ refuseRecipients: [bounce] });
  app = await startTestApp(database, { smtpUrl: smtp.url });
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
  await database?.close();
});

const post = (path: string, fields: Record<string, string>, cookie = '') =>
  fetch(app.url + path, { method: 'POST', headers: { Origin: app.url, 'Accept-Language': 'en', ...(cookie ? { Cookie: cookie } : {}) }, body: new URLSearchParams(fields), redirect: 'manual' });

describe('when an e-mail cannot be sent', () => {
  it('sign-up and password reset say so with a 503, and ask to try again later', async () => {
    // A reset is only sent to an address with an account.
    await database.db.insertInto('users').values({ email: bounce, display_name: 'Bounce' }).execute();
    for (const path of ['/signup', '/reset-password']) {
      const response = await post(path, { email: bounce });
      expect(response.status, path).toBe(503);
      expect(await response.text()).toContain('We could not send the e-mail just now');
    }
  });

  it('an invitation that could not be sent is not left pending', async () => {
    const strategist = await database.db.selectFrom('users').select('id').where('email', '=', 'strategist@demo.plenum.test').executeTakeFirstOrThrow();
    const cookie = (await app.services.sessionCookie.serialize(await startSession(database.db, strategist.id, 'test'))).split(';')[0]!;
    const response = await post('/consultations/grand-debat-national/team', { intent: 'invite', email: bounce, role: 'moderator' }, cookie);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('The invitation could not be sent');
    expect(await database.db.selectFrom('invitations').select('id').execute()).toEqual([]);
  });
});
