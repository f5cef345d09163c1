import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { createPseudonymousUser, startSession } from '../server/accounts.server';
import { joinConsultation } from '../server/members.server';
import { pseudonymousJoinRule, rateLimitKey } from '../server/rate-limit.server';
import { can } from '../../platform/policy';
import { actorFor, loginUrl, requirePermission } from '../auth.server';
import { requireConsultation } from '../server/consultation.server';
import { i18next } from '../i18n.server';

// Campaign tags are short words: anything else is dropped rather than stored.
const schema = z.object({
  src: z.string().trim().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/i).optional().catch(undefined),
  // Joining from one of the consultation's inner pages (a thread), or from its embedded widget,
  // brings the person back there.
  returnTo: z.string().regex(/^\/(consultations\/[a-z0-9-]+\/[a-z0-9/-]+|embed\/[a-z0-9-]+)(\?[a-z0-9=&%_.-]*)?$/i).optional().catch(undefined),
});

/**
 * Taking part. A visitor in a consultation that allows anonymity becomes a pseudonymous
 * participant at this first action (bound to a signed cookie); elsewhere they sign in first.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const consultation = await requireConsultation(context, params.slug);
  const page = `/consultations/${consultation.slug}`;
  if (consultation.lifecycle_state === 'closed') throw redirect(`${page}?problem=closed`);
  const { actor, user } = await actorFor(request, context, consultation);
  const { src, returnTo } = schema.parse(Object.fromEntries(await request.formData()));
  const widget = `/embed/${consultation.slug}`;
  const back = returnTo?.startsWith(`${page}/`) || returnTo === widget || returnTo?.startsWith(`${widget}?`) ? returnTo : page;
  const next = consultation.segment_fields.length > 0 ? `${page}/about-you?joined=1` : `${back}${back.includes('?') ? '&' : '?'}joined=1`;

  if (!user) {
    if (!can(actor, 'consultation.join', consultation)) {
      throw redirect(loginUrl(new Request(new URL(src ? `${page}?src=${src}` : page, request.url))));
    }
    const limit = await context.rateLimiter.hit(rateLimitKey(pseudonymousJoinRule.kind, context.clientAddress), pseudonymousJoinRule);
    if (!limit.allowed) throw redirect(`${page}?problem=tooMany`);
    const t = await i18next.getFixedT(request, 'auth');
    const userId = await createPseudonymousUser(context.db, t('pseudonymousName'), await i18next.getLocale(request));
    await joinConsultation(context.db, consultation.id, userId, src?.toLowerCase() ?? null);
    const sessionId = await startSession(context.db, userId, request.headers.get('User-Agent'));
    return redirect(next, { headers: { 'Set-Cookie': await context.sessionCookie.serialize(sessionId) } });
  }
  requirePermission(request, actor, 'consultation.join', consultation);
  await joinConsultation(context.db, consultation.id, user.id, src?.toLowerCase() ?? null);
  return redirect(next);
}

export function loader({ params }: { params: { slug?: string } }) {
  return redirect(`/consultations/${params.slug ?? ''}`);
}
