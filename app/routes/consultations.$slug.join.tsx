import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { createPseudonymousUser, startSession } from '../server/accounts.server';
import { joinConsultation } from '../server/members.server';
import { pseudonymousJoinRule, rateLimitKey } from '../server/rate-limit.server';
import { can } from '../../platform/policy';
import { actorFor, loginUrl, requirePermission } from '../auth.server';
import { requireConsultation } from '../server/consultation.server';
import { i18next } from '../i18n.server';
import { isWidgetAddress, returnAddress, withJoined } from '../server/return-to';

// Campaign tags are short words: anything else is dropped rather than stored.
const schema = z.object({
  src: z.string().trim().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/i).optional().catch(undefined),
  // Joining from one of the consultation's inner pages (a thread), or from its embedded widget,
  // brings the person back there (see returnAddress).
  returnTo: z.string().optional().catch(undefined),
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
  const back = returnAddress(consultation.slug, returnTo);
  // The segment questions come first when the consultation asks them, then the page they came
  // from; the widget goes straight back (its frame shows no site page).
  const asksAboutYou = consultation.segment_fields.length > 0 && !isWidgetAddress(consultation.slug, back);
  const next = asksAboutYou ? `${page}/about-you?${new URLSearchParams({ joined: '1', ...(back === page ? {} : { returnTo: back }) })}` : withJoined(back);

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
