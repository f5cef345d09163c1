// Accounts through the real server, as people use them: forms posted from the site's own pages,
// links followed from the e-mails a real SMTP server received, cookies kept between requests.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed.server';
import { startSession } from '../platform/auth/accounts.server';
import { hashPassword } from '../platform/auth/passwords.server';
import type { OpenDatabase } from '../platform/db/database.server';
import { signInRules } from '../platform/rate-limit/rate-limit.server';
import type { ConsultationRole } from '../platform/roles';
import { startTestApp, type RunningApp } from '../test/app';
import { createTestDatabase } from '../test/database';
import { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from '../test/smtp';

let database: OpenDatabase;
let smtp: TestSmtpServer;
let app: RunningApp;
let redis: Redis | null = null;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  smtp = await startTestSmtpServer();
  // Rate-limit counters live in Redis across runs: a prefix of its own gives this run fresh
  // ones, as createTestDatabase gives it a fresh schema.
  if (process.env.REDIS_URL) redis = new Redis(process.env.REDIS_URL, { keyPrefix: `plenum-test:${randomUUID()}:` });
  app = await startTestApp(database, { smtpUrl: smtp.url, redis });
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
  redis?.disconnect();
  await database?.close();
});

// ---- people and their browsers -----------------------------------------------------------

/** Someone using the site from their own browser, which reads English and keeps cookies. */
interface Person {
  cookies: Map<string, string>;
}

const newPerson = (): Person => ({ cookies: new Map() });

/** The same browser state on another machine: what someone holding a copied cookie has. */
const copyOf = (person: Person): Person => ({ cookies: new Map(person.cookies) });

function keepCookies(person: Person, setCookies: string[]) {
  for (const setCookie of setCookies) {
    const [pair = '', ...attributes] = setCookie.split(';');
    const name = pair.slice(0, pair.indexOf('=')).trim();
    const value = pair.slice(pair.indexOf('=') + 1).trim();
    const expired = attributes.some((attribute) => /^\s*max-age\s*=\s*0\s*$/i.test(attribute));
    if (expired || value === '') person.cookies.delete(name);
    else person.cookies.set(name, value);
  }
}

async function request(person: Person, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Accept-Language', 'en');
  if (person.cookies.size > 0) headers.set('Cookie', [...person.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
  const response = await fetch(app.url + path, { ...init, headers, redirect: 'manual' });
  keepCookies(person, response.headers.getSetCookie());
  return response;
}

const get = (person: Person, path: string) => request(person, path);

/** Submits a form of the site's own pages (an urlencoded POST from the site's origin). */
function post(person: Person, path: string, fields: Record<string, string | string[]>, { origin = app.url } = {}) {
  const body = new URLSearchParams(Object.entries(fields).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => [name, v])));
  return request(person, path, { method: 'POST', headers: { Origin: origin }, body });
}

/** What a reader sees of a page: its text without markup or scripts, entities decoded. */
async function textOf(response: Response): Promise<string> {
  return visibleText(await response.text());
}

function visibleText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]+>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, code: string) => {
    if (code.startsWith('#x') || code.startsWith('#X')) return String.fromCodePoint(parseInt(code.slice(2), 16));
    if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)));
    return named[code.toLowerCase()] ?? entity;
  });
}

/** The error shown beside a form field, provided the field points to it (aria-describedby). */
function fieldError(html: string, name: string): string | null {
  const input = html.match(new RegExp(`<(?:input|select)[^>]*name="${name}"[^>]*>`))?.[0] ?? '';
  if (!input.includes('aria-invalid="true"')) return null;
  const describedBy = input.match(/aria-describedby="([^"]*)"/)?.[1]?.split(' ') ?? [];
  const errorId = describedBy.find((id) => id.endsWith('-error'));
  const error = errorId ? html.match(new RegExp(`<p[^>]*id="${errorId}"[^>]*>([\\s\\S]*?)</p>`))?.[1] : undefined;
  return error === undefined ? null : visibleText(error);
}

// ---- e-mails -----------------------------------------------------------------------------

/** The path of the link to `path` in an e-mail, as someone clicking it would follow it. */
function linkIn(mail: ReceivedMail, path: string): string {
  const link = mail.text.split(/\s+/).find((word) => word.startsWith(app.url + path));
  if (!link) throw new Error(`No link to ${path} in the e-mail "${mail.subject}":\n${mail.text}`);
  return link.slice(app.url.length);
}

const mailsTo = (address: string) => smtp.messages.filter((mail) => mail.to.includes(address));

// ---- test data ---------------------------------------------------------------------------

const password = 'correct horse battery staple';

/** An account as sign-up leaves it, written directly: for tests whose subject is not sign-up. */
async function createAccount(email: string, { displayName = 'Dominique Test', accountPassword = password } = {}): Promise<string> {
  const { id } = await database.db
    .insertInto('users')
    .values({ email, display_name: displayName, preferred_language: 'en', password_hash: await hashPassword(accountPassword) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function consultationId(slug: string): Promise<string> {
  const { id } = await database.db.selectFrom('consultations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return id;
}

/** A signed-in member of a consultation with a role, their session opened directly. */
async function member(slug: string, role: ConsultationRole, email: string): Promise<{ person: Person; userId: string }> {
  const userId = await createAccount(email, { displayName: `Claude (${role})` });
  await database.db.insertInto('memberships').values({ consultation_id: await consultationId(slug), user_id: userId, role }).execute();
  const person = newPerson();
  const sessionId = await startSession(database.db, userId, 'test');
  keepCookies(person, [await app.services.sessionCookie.serialize(sessionId)]);
  return { person, userId };
}

async function rolesIn(slug: string, userId: string): Promise<string[]> {
  const rows = await database.db
    .selectFrom('memberships')
    .select('role')
    .where('consultation_id', '=', await consultationId(slug))
    .where('user_id', '=', userId)
    .execute();
  return rows.map((row) => row.role).sort();
}

/** The user behind a person's session cookie, or null when it opens no live session. */
async function userIdOf(person: Person): Promise<string | null> {
  const cookie = [...person.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const sessionId: unknown = await app.services.sessionCookie.parse(cookie);
  if (typeof sessionId !== 'string' || sessionId === '') return null;
  const session = await database.db.selectFrom('sessions').select('user_id').where('id', '=', sessionId).executeTakeFirst();
  return session?.user_id ?? null;
}

const userByEmail = (email: string) => database.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

async function userCount(): Promise<number> {
  const { n } = await database.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}

async function signIn(person: Person, email: string, accountPassword = password) {
  const response = await post(person, '/login', { email, password: accountPassword, redirectTo: '/profile' });
  expect(response.status).toBe(302);
  expect(response.headers.get('location')).toBe('/profile');
  expect(person.cookies.has('plenum_session')).toBe(true);
}

/** Where a request for the profile goes: 200 when signed in, else a redirect to sign in. */
async function profileAnswer(person: Person): Promise<{ status: number; location: string | null }> {
  const response = await get(person, '/profile');
  return { status: response.status, location: response.headers.get('location') };
}

const signedOut = { status: 302, location: `/login?${new URLSearchParams({ redirectTo: '/profile' })}` };

// ---- the tests ---------------------------------------------------------------------------

describe('signing up', () => {
  it('a link e-mailed to the address opens the account, signs the person in, and works once', async () => {
    const camille = newPerson();
    const email = 'camille@example.org';

    const asked = await post(camille, '/signup', { email });
    expect(asked.status).toBe(200);
    const asking = await textOf(asked);
    expect(asking).toContain('Check your inbox');
    expect(asking).toContain(`We sent a message to ${email}.`);

    const mail = await smtp.nextMessageTo(email);
    expect(mail.subject).toBe('Finish creating your Plenum account');
    const link = linkIn(mail, '/signup/');

    const form = await get(camille, link);
    expect(form.status).toBe(200);
    const formText = await textOf(form);
    expect(formText).toContain('Finish creating your account');
    expect(formText).toContain(`Your account will use ${email}.`);

    const created = await post(camille, link, { displayName: 'Camille Martin', password, preferredLanguage: 'en' });
    expect(created.status).toBe(302);
    expect(created.headers.get('location')).toBe('/profile?welcome=1');
    expect(camille.cookies.has('plenum_session')).toBe(true);

    const profile = await get(camille, '/profile?welcome=1');
    expect(profile.status).toBe(200);
    const profileText = await textOf(profile);
    expect(profileText).toContain('Your account is ready. Welcome!');
    expect(profileText).toContain('Camille Martin');
    expect(profileText).toContain(`Signed in as ${email}.`);

    const again = await get(newPerson(), link);
    expect(await textOf(again)).toContain('This link no longer works');
    const reused = await post(newPerson(), link, { displayName: 'Someone Else', password: 'another long password', preferredLanguage: 'en' });
    expect(reused.status).toBe(400);
    expect(await textOf(reused)).toContain('This link no longer works');
    expect((await userByEmail(email))?.display_name).toBe('Camille Martin');
    expect(await database.db.selectFrom('users').select('id').where('display_name', '=', 'Someone Else').execute()).toEqual([]);
  });

  it('never reveals that an address already has an account: the e-mail says so instead', async () => {
    const existing = 'dominique@example.org';
    await createAccount(existing);
    const fresh = 'eden@example.org';

    const forExisting = await textOf(await post(newPerson(), '/signup', { email: existing }));
    const forFresh = await textOf(await post(newPerson(), '/signup', { email: fresh }));
    expect(forExisting.replace(existing, 'ADDRESS')).toBe(forFresh.replace(fresh, 'ADDRESS'));

    const reminder = await smtp.nextMessageTo(existing);
    expect(reminder.subject).toBe('You already have a Plenum account');
    expect(reminder.text).not.toContain('/signup/');
    expect(linkIn(reminder, '/login')).toBe('/login');
    expect(linkIn(reminder, '/reset-password')).toBe('/reset-password');
    expect(linkIn(await smtp.nextMessageTo(fresh), '/signup/')).toMatch(/^\/signup\/[\w-]+$/);
  });

  it('answers a mistyped address or a short password with 400 and the message beside the field', async () => {
    const badAddress = await post(newPerson(), '/signup', { email: 'not-an-address' });
    expect(badAddress.status).toBe(400);
    expect(fieldError(await badAddress.text(), 'email')).toBe('Enter an e-mail address like name@example.org.');

    const email = 'farah@example.org';
    await post(newPerson(), '/signup', { email });
    const link = linkIn(await smtp.nextMessageTo(email), '/signup/');
    const shortPassword = await post(newPerson(), link, { displayName: 'Farah', password: 'short', preferredLanguage: 'en' });
    expect(shortPassword.status).toBe(400);
    expect(fieldError(await shortPassword.text(), 'password')).toBe('Use at least 10 characters.');
    expect(await userByEmail(email)).toBeUndefined();
    // The link was not used up by a form sent back for correction.
    expect(await textOf(await get(newPerson(), link))).toContain(`Your account will use ${email}.`);
  });
});

describe('signing in', () => {
  it('gives the same answer for a wrong password and an unknown address, and signs in with the right one', async () => {
    const email = 'gael@example.org';
    await createAccount(email, { displayName: 'Gaël' });

    const wrongPassword = await post(newPerson(), '/login', { email, password: 'not the right password' });
    const unknownAddress = await post(newPerson(), '/login', { email: 'nobody@example.org', password: 'not the right password' });
    expect(wrongPassword.status).toBe(400);
    expect(unknownAddress.status).toBe(400);
    const wrongText = await textOf(wrongPassword);
    expect(wrongText).toContain('This e-mail address and password do not match.');
    expect(await textOf(unknownAddress)).toBe(wrongText);

    const gael = newPerson();
    await signIn(gael, email);
    expect(await textOf(await get(gael, '/profile'))).toContain(`Signed in as ${email}.`);
  });

  it('refuses, with Retry-After, the attempt after the limit of failed ones on one address', async () => {
    const email = 'hana@example.org';
    await createAccount(email);
    const guesser = newPerson();
    for (let attempt = 1; attempt <= signInRules.perAccount.limit; attempt++) {
      expect((await post(guesser, '/login', { email, password: `guess number ${attempt}` })).status).toBe(400);
    }

    const refused = await post(guesser, '/login', { email, password: 'one guess too many' });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(signInRules.perAccount.windowSeconds);
    expect(await textOf(refused)).toContain('Too many attempts.');
    // Until the window ends, even the right password waits: guessing it gains nothing.
    expect((await post(newPerson(), '/login', { email, password })).status).toBe(429);
  });
});

describe('signing out', () => {
  it('ends the session on the server: a copy of the old cookie no longer opens the profile', async () => {
    const email = 'ines@example.org';
    await createAccount(email);
    const ines = newPerson();
    await signIn(ines, email);
    const copiedCookie = copyOf(ines);

    const out = await post(ines, '/logout', {});
    expect(out.status).toBe(302);
    expect(ines.cookies.has('plenum_session')).toBe(false);
    expect(await profileAnswer(copiedCookie)).toEqual(signedOut);
  });

  it('signing out everywhere ends every session of the person, opened separately', async () => {
    const email = 'jules@example.org';
    await createAccount(email);
    const laptop = newPerson();
    const phone = newPerson();
    await signIn(laptop, email);
    await signIn(phone, email);
    expect((await profileAnswer(laptop)).status).toBe(200);
    expect((await profileAnswer(phone)).status).toBe(200);
    const phoneCookie = copyOf(phone);

    const everywhere = await post(phone, '/profile', { intent: 'signOutEverywhere' });
    expect(everywhere.status).toBe(302);
    expect(everywhere.headers.get('location')).toBe('/login?signedOut=all');
    expect(await profileAnswer(laptop)).toEqual(signedOut);
    expect(await profileAnswer(phoneCookie)).toEqual(signedOut);
  });
});

describe('resetting a password', () => {
  it('sets a new password once from the e-mailed link and ends the sessions opened with the old one', async () => {
    const email = 'kim@example.org';
    await createAccount(email);
    const phone = newPerson();
    await signIn(phone, email);
    const kim = newPerson();

    const asked = await post(kim, '/reset-password', { email });
    expect(asked.status).toBe(200);
    expect(await textOf(asked)).toContain(`If an account uses ${email}, a link to reset its password is on its way.`);
    const mail = await smtp.nextMessageTo(email);
    expect(mail.subject).toBe('Reset your Plenum password');
    const link = linkIn(mail, '/reset-password/');

    expect(await textOf(await get(kim, link))).toContain('Choose a new password');
    const newPassword = 'a brand new passphrase';
    const changed = await post(kim, link, { password: newPassword });
    expect(changed.status).toBe(302);
    expect(changed.headers.get('location')).toBe('/login?reset=done');

    expect((await post(newPerson(), '/login', { email, password })).status).toBe(400);
    await signIn(kim, email, newPassword);

    expect(await textOf(await get(newPerson(), link))).toContain('This link no longer works');
    const reused = await post(newPerson(), link, { password: 'a password set by whoever kept the link' });
    expect(reused.status).toBe(400);
    await signIn(newPerson(), email, newPassword);

    expect(await profileAnswer(phone)).toEqual(signedOut);
  });

  it('answers an unknown address with the same page, and sends nothing', async () => {
    const known = 'lou@example.org';
    await createAccount(known);
    const unknown = 'nobody-here@example.org';

    const forUnknown = await textOf(await post(newPerson(), '/reset-password', { email: unknown }));
    const forKnown = await textOf(await post(newPerson(), '/reset-password', { email: known }));
    expect(forUnknown.replace(unknown, 'ADDRESS')).toBe(forKnown.replace(known, 'ADDRESS'));
    await smtp.nextMessageTo(known);
    // The mailer resolves once the SMTP server has accepted a message: none will come later.
    expect(mailsTo(unknown)).toEqual([]);
  });
});

describe('taking part without an account', () => {
  it('brings someone who joins from a thread back to that thread, after the segment questions, and nowhere outside the consultation', async () => {
    const thread = await database.db
      .selectFrom('module_instances')
      .innerJoin('consultations', 'consultations.id', 'module_instances.consultation_id')
      .select('module_instances.id')
      .where('consultations.slug', '=', 'grand-debat-national')
      .where('module_instances.kind', '=', 'thread')
      .executeTakeFirstOrThrow();
    const threadPath = `/consultations/grand-debat-national/modules/${thread.id}`;
    // The debate asks about its participants (region, age band, gender): those questions come first,
    // carrying where the person was going.
    const aboutYou = (returnTo?: string) => `/consultations/grand-debat-national/about-you?${new URLSearchParams({ joined: '1', ...(returnTo ? { returnTo } : {}) })}`;
    const joiner = newPerson();
    const fromThread = await post(joiner, '/consultations/grand-debat-national/join', { returnTo: threadPath });
    expect(fromThread.headers.get('location')).toBe(aboutYou(threadPath));
    const questions = await textOf(await get(joiner, aboutYou(threadPath)));
    expect(questions).toContain('Save and continue');
    expect(questions).toContain('Continue without answering');
    // Saving the answers goes on to the thread.
    const saved = await post(joiner, '/consultations/grand-debat-national/about-you', { region: 'Bretagne', 'region-consent': 'yes', returnTo: threadPath });
    expect(saved.status).toBe(302);
    expect(saved.headers.get('location')).toBe(`${threadPath}?joined=1`);
    // …with what the page was showing (one idea of a module, a post).
    const withQuery = await post(newPerson(), '/consultations/grand-debat-national/join', { returnTo: `${threadPath}?idea=abc` });
    expect(withQuery.headers.get('location')).toBe(aboutYou(`${threadPath}?idea=abc`));
    for (const returnTo of ['/consultations/weeuropeans/modules/x', '//evil.example/consultations/grand-debat-national/x', 'https://evil.example/']) {
      const elsewhere = await post(newPerson(), '/consultations/grand-debat-national/join', { returnTo });
      expect(elsewhere.headers.get('location')).toBe(aboutYou());
      // Nor does the questions' page send anyone elsewhere.
      const person = newPerson();
      await post(person, '/consultations/grand-debat-national/join', {});
      const sent = await post(person, '/consultations/grand-debat-national/about-you', { region: '', returnTo });
      expect(sent.headers.get('location')).toBe('/consultations/grand-debat-national?joined=1');
    }
  });

  it('a visitor becomes a pseudonymous participant, remembered with the campaign that brought them', async () => {
    const visitor = newPerson();
    const joined = await post(visitor, '/consultations/grand-debat-national/join', { src: 'partner-media' });
    expect(joined.status).toBe(302);
    expect(joined.headers.get('location')).toMatch(/^\/consultations\/grand-debat-national(\/about-you)?\?joined=1$/);

    const userId = await userIdOf(visitor);
    expect(userId).not.toBeNull();
    const user = await database.db.selectFrom('users').selectAll().where('id', '=', userId!).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ is_anonymous: true, email: null, password_hash: null });
    const membership = await database.db
      .selectFrom('memberships')
      .select(['role', 'source'])
      .where('user_id', '=', userId!)
      .where('consultation_id', '=', await consultationId('grand-debat-national'))
      .execute();
    expect(membership).toEqual([{ role: 'participant', source: 'partner-media' }]);
  });

  it('a consultation that forbids anonymity sends the visitor to sign in, and creates nobody', async () => {
    const before = await userCount();
    const visitor = newPerson();
    const refused = await post(visitor, '/consultations/halveo-futur-des-courses/join', { src: 'partner-media' });
    expect(refused.status).toBe(302);
    expect(refused.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
    expect(visitor.cookies.has('plenum_session')).toBe(false);
    expect(await userCount()).toBe(before);
  });

  it('a pseudonymous participant who signs up keeps their user, and so their participation', async () => {
    const participant = newPerson();
    await post(participant, '/consultations/grand-debat-national/join', { src: 'newsletter' });
    const pseudonymousId = await userIdOf(participant);
    expect(pseudonymousId).not.toBeNull();

    const email = 'mael@example.org';
    await post(participant, '/signup', { email });
    const link = linkIn(await smtp.nextMessageTo(email), '/signup/');
    const created = await post(participant, link, { displayName: 'Maël', password, preferredLanguage: 'fr' });
    expect(created.status).toBe(302);
    expect(created.headers.get('location')).toBe('/profile?welcome=1');

    expect(await userIdOf(participant)).toBe(pseudonymousId);
    expect(await userByEmail(email)).toMatchObject({ id: pseudonymousId, is_anonymous: false, display_name: 'Maël' });
    expect(await rolesIn('grand-debat-national', pseudonymousId!)).toEqual(['participant']);
  });
});

describe('inviting a team member', () => {
  it('the invitee creates an account from the e-mailed link and holds the role; the link then stops working', async () => {
    const { person: strategist } = await member('grand-debat-national', 'strategist', 'nora@example.org');
    const invitee = 'oscar@example.org';

    const invited = await post(strategist, '/consultations/grand-debat-national/team', { intent: 'invite', email: invitee, role: 'moderator' });
    expect(invited.status).toBe(200);
    expect(await textOf(invited)).toContain(`Invitation sent to ${invitee}.`);

    const link = linkIn(await smtp.nextMessageTo(invitee), '/invitations/');
    const oscar = newPerson();
    const page = await get(oscar, link);
    expect(page.status).toBe(200);
    expect(await textOf(page)).toContain(`Create your account for ${invitee} to accept.`);

    const accepted = await post(oscar, link, { intent: 'createAccount', displayName: 'Oscar', password, preferredLanguage: 'en' });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get('location')).toBe('/consultations/grand-debat-national?welcome=moderator');
    const oscarId = await userIdOf(oscar);
    expect(oscarId).not.toBeNull();
    expect(await userByEmail(invitee)).toMatchObject({ id: oscarId, is_anonymous: false });
    expect(await rolesIn('grand-debat-national', oscarId!)).toEqual(['moderator']);

    expect(await textOf(await get(newPerson(), link))).toContain('This invitation no longer works');
  });

  it('a participant may not invite: 403, and no e-mail leaves', async () => {
    const { person: participant } = await member('grand-debat-national', 'participant', 'paz@example.org');
    const invitee = 'quentin@example.org';
    const refused = await post(participant, '/consultations/grand-debat-national/team', { intent: 'invite', email: invitee, role: 'strategist' });
    expect(refused.status).toBe(403);
    expect(mailsTo(invitee)).toEqual([]);
    expect(await database.db.selectFrom('invitations').select('id').where('email', '=', invitee).execute()).toEqual([]);
  });
});

describe('questions about participants', () => {
  it('an answer is kept only with its consent, dated, and emptying it deletes it', async () => {
    const slug = 'grand-debat-national';
    const { person: strategist } = await member(slug, 'strategist', 'rose@example.org');
    const enabled = await post(strategist, `/consultations/${slug}/team`, { intent: 'segments', fields: ['age_band', 'region'] });
    expect(enabled.status).toBe(200);
    expect(await textOf(enabled)).toContain('Segment questions saved.');

    const participant = newPerson();
    const joined = await post(participant, `/consultations/${slug}/join`, {});
    expect(joined.headers.get('location')).toBe(`/consultations/${slug}/about-you?joined=1`);
    const userId = (await userIdOf(participant))!;
    const form = await textOf(await get(participant, `/consultations/${slug}/about-you`));
    expect(form).toContain('Age band');
    expect(form).toContain('Region');
    const answers = () =>
      database.db.selectFrom('participant_segments').select(['field', 'value', 'consented_at']).where('user_id', '=', userId).execute();

    const withoutConsent = await post(participant, `/consultations/${slug}/about-you`, { age_band: '35-49', region: '' });
    expect(withoutConsent.status).toBe(400);
    expect(fieldError(await withoutConsent.text(), 'age_band')).toBe('Tick the consent box to share this answer, or leave the field empty.');
    expect(await answers()).toEqual([]);

    const withConsent = await post(participant, `/consultations/${slug}/about-you`, { age_band: '35-49', 'age_band-consent': 'yes', region: '' });
    expect(withConsent.status).toBe(200);
    expect(await textOf(withConsent)).toContain('Your answers have been saved.');
    expect(await answers()).toEqual([{ field: 'age_band', value: '35-49', consented_at: expect.any(Date) }]);

    const withdrawn = await post(participant, `/consultations/${slug}/about-you`, { age_band: '', region: '' });
    expect(withdrawn.status).toBe(200);
    expect(await answers()).toEqual([]);
  });
});

describe('writes from another site', () => {
  it('are refused with 403 and change nothing, even with the person’s cookie', async () => {
    const email = 'sacha@example.org';
    const userId = await createAccount(email, { displayName: 'Sacha' });
    const sacha = newPerson();
    await signIn(sacha, email);

    const forged = await post(sacha, '/profile', { intent: 'save', displayName: 'Hacked', preferredLanguage: 'en' }, { origin: 'http://evil.example' });
    expect(forged.status).toBe(403);
    const forgedOut = await post(sacha, '/profile', { intent: 'signOutEverywhere' }, { origin: 'http://evil.example' });
    expect(forgedOut.status).toBe(403);

    const user = await database.db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirstOrThrow();
    expect(user.display_name).toBe('Sacha');
    expect((await profileAnswer(sacha)).status).toBe(200);
  });
});
