import type { AppLoadContext } from '@remix-run/node';
import { findConsultation } from '../../platform/consultations/consultations.server';
import type { Consultation } from '../../platform/db/schema';
import type { Action } from '../../platform/policy';
import { actorFor, requirePermission } from '../auth.server';

/** The consultation a route's `:slug` names, or the 404 page. */
export async function requireConsultation(context: AppLoadContext, slug: string | undefined): Promise<Consultation> {
  const consultation = slug ? await findConsultation(context.db, slug) : null;
  if (!consultation) throw new Response('Consultation not found', { status: 404 });
  return consultation;
}

/**
 * The first lines of every consultation page: the consultation its `:slug` names (or 404),
 * who is asking, and the policy's answer for `action` (sign-in page or 403 when refused).
 */
export async function authorise(request: Request, context: AppLoadContext, slug: string | undefined, action: Action) {
  const consultation = await requireConsultation(context, slug);
  const { actor, user } = await actorFor(request, context, consultation);
  requirePermission(request, actor, action, consultation);
  return { consultation, actor, user };
}
