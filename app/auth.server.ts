// Request-level authentication and authorisation: who is asking, and may they. Every loader
// and action goes through `actorFor` and `requirePermission`; the rules live in platform/policy.ts.
import { createCookie, json, redirect, type AppLoadContext, type Cookie } from '@remix-run/node';
import { z } from 'zod';
import { endSession, sessionUser, startSession, type MailContext, type SessionUser } from '../platform/auth/accounts.server';
import { emailField } from '../platform/auth/forms';
import { isMailDeliveryError } from '../platform/mail/mail.server';
import type { Consultation } from '../platform/db/schema';
import { rolesOf } from '../platform/members/members.server';
import { can, visitor, type Action, type Actor, type ConsultationResource } from '../platform/policy';
import { passwordResetRules, rateLimitKey, type RateLimitRule } from '../platform/rate-limit/rate-limit.server';
import { i18next } from './i18n.server';
import { badRequest, fieldErrors, noErrors, tooManyRequests } from './validation';

export function createSessionCookie(secret: string, secure: boolean): Cookie {
  return createCookie('plenum_session', {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    secrets: [secret],
    maxAge: 30 * 24 * 60 * 60,
  });
}

async function sessionIdOf(request: Request, context: AppLoadContext): Promise<string | null> {
  const value: unknown = await context.sessionCookie.parse(request.headers.get('Cookie'));
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** The signed-in person (or pseudonymous participant), or null. */
export async function currentUser(request: Request, context: AppLoadContext): Promise<SessionUser | null> {
  const sessionId = await sessionIdOf(request, context);
  return sessionId ? sessionUser(context.db, sessionId) : null;
}

/** Who is asking, with their roles in the consultation when there is one. */
export async function actorFor(
  request: Request,
  context: AppLoadContext,
  consultation?: Pick<Consultation, 'id'>,
): Promise<{ actor: Actor; user: SessionUser | null }> {
  const user = await currentUser(request, context);
  if (!user) return { actor: visitor, user: null };
  return {
    user,
    actor: {
      userId: user.id,
      isAnonymous: user.is_anonymous,
      isPlatformAdmin: user.is_platform_admin,
      roles: consultation ? await rolesOf(context.db, user.id, consultation.id) : new Set(),
    },
  };
}

/**
 * Stops a request the actor may not make: a visitor is sent to sign in (and back afterwards),
 * anyone else gets the 403 page.
 */
export function requirePermission(
  request: Request,
  actor: Actor,
  action: Action,
  consultation?: ConsultationResource,
): void {
  if (can(actor, action, consultation)) return;
  if (actor.userId === null) throw redirect(loginUrl(request));
  throw new Response('Forbidden', { status: 403 });
}

export async function requireUser(request: Request, context: AppLoadContext): Promise<SessionUser> {
  const user = await currentUser(request, context);
  if (!user) throw redirect(loginUrl(request));
  return user;
}

export function loginUrl(request: Request): string {
  const { pathname, search } = new URL(request.url);
  return `/login?${new URLSearchParams({ redirectTo: pathname + search })}`;
}

/** A path on this site to go back to, never another site (no open redirect). */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  // Browsers drop tabs and newlines from addresses and read "\" as "/": "/\t/evil.example"
  // would become "//evil.example". Any of them, or a second leading slash, falls back.
  if (typeof to !== 'string' || !to.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(to) || to.startsWith('//')) return fallback;
  return to;
}

/** Opens a session and sends the person on, signed in. */
export async function signedInRedirect(request: Request, context: AppLoadContext, userId: string, to: string): Promise<Response> {
  const sessionId = await startSession(context.db, userId, request.headers.get('User-Agent'));
  return redirect(to, { headers: { 'Set-Cookie': await context.sessionCookie.serialize(sessionId) } });
}

export async function signOutHeaders(request: Request, context: AppLoadContext): Promise<HeadersInit> {
  const sessionId = await sessionIdOf(request, context);
  if (sessionId) await endSession(context.db, sessionId);
  return { 'Set-Cookie': await context.sessionCookie.serialize('', { maxAge: 0 }) };
}

/**
 * Counts an attempt against an e-mail address and against the client's address, so that
 * neither guessing one account nor trying many accounts from one machine goes fast.
 * Returns the account's key (to forget it after a success) and, when refused, how long to wait.
 */
export async function limitAttempts(
  context: AppLoadContext,
  kind: 'signin' | 'signup' | 'reset',
  email: string,
  rules: { perAccount: RateLimitRule; perIp: RateLimitRule },
): Promise<{ accountKey: string; retryAfterSeconds: number | null }> {
  const accountKey = rateLimitKey(`${kind}-email`, email);
  const checks = await Promise.all([
    context.rateLimiter.hit(accountKey, rules.perAccount),
    context.rateLimiter.hit(rateLimitKey(`${kind}-ip`, context.clientAddress), rules.perIp),
  ]);
  const refused = checks.find((check) => !check.allowed);
  return { accountKey, retryAfterSeconds: refused ? refused.retryAfterSeconds : null };
}

const emailOnly = z.object({ email: emailField });

/**
 * The action of a form that asks only for an e-mail address and sends a link to it (sign-up,
 * password reset): checks the address, limits attempts, sends, and answers the same way
 * whether or not the address has an account.
 */
export async function emailLinkAction(
  request: Request,
  context: AppLoadContext,
  kind: 'signup' | 'reset',
  send: (mail: MailContext, email: string) => Promise<void>,
) {
  const parsed = emailOnly.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return badRequest({ errors: fieldErrors(parsed.error), sentTo: null, formError: null, mailFailed: false });
  const { email } = parsed.data;
  const limit = await limitAttempts(context, kind, email, passwordResetRules);
  if (limit.retryAfterSeconds) {
    const minutes = Math.ceil(limit.retryAfterSeconds / 60);
    return tooManyRequests({ errors: noErrors, sentTo: null, formError: { minutes }, mailFailed: false }, limit.retryAfterSeconds);
  }
  const t = await i18next.getFixedT(request, 'emails');
  try {
    await send({ db: context.db, mailer: context.mailer, publicUrl: context.publicUrl, t }, email);
  } catch (error) {
    if (!isMailDeliveryError(error)) throw error;
    // Our mail server's fault, not the person's: say so, and let them try again.
    context.logger.error({ err: error }, 'could not send an e-mail');
    return json({ errors: noErrors, sentTo: null, formError: null, mailFailed: true }, { status: 503 });
  }
  return json({ errors: noErrors, sentTo: email as string | null, formError: null as { minutes: number } | null, mailFailed: false });
}
