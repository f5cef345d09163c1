import type { TFunction } from 'i18next';
import type { Kysely } from 'kysely';
import type { Database, EmailTokenPurpose, User } from '../db/schema';
import type { Mailer } from '../mail/mail.server';
import { hashPassword, verifyPassword } from './passwords.server';
import { hashToken, newSecretToken, normaliseEmail } from './tokens.server';

const sessionLifetimeMs = 30 * 24 * 60 * 60 * 1000;
const tokenLifetimeMs = { signup: 24 * 60 * 60 * 1000, password_reset: 60 * 60 * 1000 } satisfies Record<EmailTokenPurpose, number>;

/** What account flows that send e-mail need: the mailer, the site's address, and the reader's `t` for the "emails" namespace. */
export interface MailContext {
  db: Kysely<Database>;
  mailer: Mailer;
  publicUrl: string;
  t: TFunction;
}

export type SessionUser = Pick<User, 'id' | 'email' | 'display_name' | 'preferred_language' | 'is_platform_admin' | 'is_anonymous' | 'pseudonym'>;

// ---- sessions ----------------------------------------------------------------------------

/** Opens a session for a user; the returned id goes, signed, into the session cookie. */
export async function startSession(db: Kysely<Database>, userId: string, userAgent: string | null): Promise<string> {
  const { token } = newSecretToken();
  await db
    .insertInto('sessions')
    .values({ id: token, user_id: userId, expires_at: new Date(Date.now() + sessionLifetimeMs), user_agent: userAgent?.slice(0, 300) ?? null })
    .execute();
  return token;
}

/** The user of a live session, or null for an unknown, revoked or expired one. */
export async function sessionUser(db: Kysely<Database>, sessionId: string): Promise<SessionUser | null> {
  const user = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.email', 'u.display_name', 'u.preferred_language', 'u.is_platform_admin', 'u.is_anonymous', 'u.pseudonym'])
    .where('s.id', '=', sessionId)
    .where('s.expires_at', '>', new Date())
    .executeTakeFirst();
  return user ?? null;
}

export async function endSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Signs a person out of every device. */
export async function endAllSessions(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

// ---- e-mail tokens -----------------------------------------------------------------------

async function issueToken(db: Kysely<Database>, purpose: EmailTokenPurpose, email: string, userId: string | null): Promise<string> {
  const { token, hash } = newSecretToken();
  await db
    .insertInto('email_tokens')
    .values({ token_hash: hash, purpose, email, user_id: userId, expires_at: new Date(Date.now() + tokenLifetimeMs[purpose]) })
    .execute();
  return token;
}

/** The e-mail a live token was sent to, without using it up (to show a form). */
export async function peekToken(db: Kysely<Database>, purpose: EmailTokenPurpose, token: string): Promise<string | null> {
  const row = await db
    .selectFrom('email_tokens')
    .select('email')
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  return row?.email ?? null;
}

/** Uses a token up, atomically: of two requests with the same link, one wins. */
async function consumeToken(trx: Kysely<Database>, purpose: EmailTokenPurpose, token: string) {
  return trx
    .updateTable('email_tokens')
    .set({ used_at: new Date() })
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returning(['email', 'user_id'])
    .executeTakeFirst();
}

async function userByEmail(db: Kysely<Database>, email: string) {
  return db.selectFrom('users').selectAll().where((eb) => eb(eb.fn('lower', ['email']), '=', normaliseEmail(email))).executeTakeFirst();
}

/** Whether an account already uses an address (to offer sign-in rather than sign-up on an invitation). */
export async function accountExists(db: Kysely<Database>, email: string): Promise<boolean> {
  return Boolean(await userByEmail(db, email));
}

// ---- sign-up -----------------------------------------------------------------------------

/**
 * First step of sign-up. Whether or not the address has an account, the person sees the same
 * "check your inbox" answer; the e-mail says which: a link to finish creating the account, or
 * a reminder that the account exists with links to sign in or reset the password.
 */
export async function requestSignUp({ db, mailer, publicUrl, t }: MailContext, rawEmail: string): Promise<void> {
  const email = normaliseEmail(rawEmail);
  const existing = await userByEmail(db, email);
  if (existing?.password_hash) {
    await mailer.send({
      to: email,
      subject: t('signupExisting.subject'),
      text: t('signupExisting.body', { signInUrl: `${publicUrl}/login`, resetUrl: `${publicUrl}/reset-password` }),
    });
    return;
  }
  const token = await issueToken(db, 'signup', email, null);
  const url = `${publicUrl}/signup/${token}`;
  await mailer.send({ to: email, subject: t('signup.subject'), text: t('signup.body', { url }) });
}

export interface NewAccount {
  displayName: string;
  password: string;
  preferredLanguage: string;
}

/**
 * Finishes sign-up from the e-mailed link. A pseudonymous participant who signs up keeps their
 * user (and so everything they contributed): the account is written onto it.
 */
export async function completeSignUp(
  db: Kysely<Database>,
  token: string,
  account: NewAccount,
  pseudonymousUserId: string | null,
): Promise<{ userId: string } | { error: 'invalidLink' | 'alreadyRegistered' }> {
  const passwordHash = await hashPassword(account.password);
  return db.transaction().execute(async (trx) => {
    const used = await consumeToken(trx, 'signup', token);
    if (!used) return { error: 'invalidLink' as const };
    if (await userByEmail(trx, used.email)) return { error: 'alreadyRegistered' as const };
    const values = {
      email: used.email,
      display_name: account.displayName,
      preferred_language: account.preferredLanguage,
      password_hash: passwordHash,
      is_anonymous: false,
    };
    if (pseudonymousUserId) {
      const upgraded = await trx
        .updateTable('users')
        .set(values)
        .where('id', '=', pseudonymousUserId)
        .where('is_anonymous', '=', true)
        .returning('id')
        .executeTakeFirst();
      if (upgraded) return { userId: upgraded.id };
    }
    const created = await trx.insertInto('users').values(values).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
    return created ? { userId: created.id } : { error: 'alreadyRegistered' as const };
  });
}

/**
 * Creates an account for the address an invitation was sent to: following the e-mailed link
 * proved the person reads that mailbox.
 */
export async function createInvitedAccount(db: Kysely<Database>, email: string, account: NewAccount): Promise<string | null> {
  const passwordHash = await hashPassword(account.password);
  // Two submissions at once: the unique e-mail index lets one in, the other gets null.
  const created = await db
    .insertInto('users')
    .values({ email: normaliseEmail(email), display_name: account.displayName, preferred_language: account.preferredLanguage, password_hash: passwordHash })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return created?.id ?? null;
}

/** A pseudonymous participant, created at their first action in a consultation that allows it. */
export async function createPseudonymousUser(db: Kysely<Database>, displayName: string, preferredLanguage: string): Promise<string> {
  const created = await db
    .insertInto('users')
    .values({ email: null, display_name: displayName, preferred_language: preferredLanguage, is_anonymous: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  return created.id;
}

// ---- sign-in and password reset ----------------------------------------------------------

/** The user for an e-mail and password, or null; the same time is spent either way. */
export async function authenticate(db: Kysely<Database>, email: string, password: string): Promise<User | null> {
  const user = await userByEmail(db, email);
  const ok = await verifyPassword(user?.password_hash ?? null, password);
  return ok && user ? user : null;
}

/** Sends a reset link if the address has an account; says nothing either way. */
export async function requestPasswordReset({ db, mailer, publicUrl, t }: MailContext, rawEmail: string): Promise<void> {
  const email = normaliseEmail(rawEmail);
  const user = await userByEmail(db, email);
  if (!user?.email) return;
  const token = await issueToken(db, 'password_reset', email, user.id);
  await mailer.send({ to: email, subject: t('reset.subject'), text: t('reset.body', { url: `${publicUrl}/reset-password/${token}` }) });
}

/** Sets a new password from a reset link, once; every existing session of that person ends. */
export async function resetPassword(db: Kysely<Database>, token: string, password: string): Promise<{ userId: string } | null> {
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const used = await consumeToken(trx, 'password_reset', token);
    if (!used?.user_id) return null;
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', used.user_id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', used.user_id).execute();
    return { userId: used.user_id };
  });
}

export async function updateProfile(db: Kysely<Database>, userId: string, profile: { displayName: string; preferredLanguage: string }): Promise<void> {
  await db
    .updateTable('users')
    .set({ display_name: profile.displayName, preferred_language: profile.preferredLanguage })
    .where('id', '=', userId)
    .execute();
}
