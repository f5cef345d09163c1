import type { AppLoadContext } from '@remix-run/node';
import { findConsultation } from '../../platform/consultations/consultations.server';
import type { Consultation } from '../../platform/db/schema';

/** The consultation a route's `:slug` names, or the 404 page. */
export async function requireConsultation(context: AppLoadContext, slug: string | undefined): Promise<Consultation> {
  const consultation = slug ? await findConsultation(context.db, slug) : null;
  if (!consultation) throw new Response('Consultation not found', { status: 404 });
  return consultation;
}
