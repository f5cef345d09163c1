import { z } from 'zod';

/**
 * Where someone goes back to after joining a consultation (and answering its segment questions):
 * one of the consultation's own pages, or its embedded widget, with what the page was showing —
 * never another consultation, never another site. Anything else means the consultation's page.
 */
const returnToShape = z.string().regex(/^\/(consultations\/[a-z0-9-]+\/[a-z0-9/-]+|embed\/[a-z0-9-]+)(\?[a-z0-9=&%_.-]*)?$/i);

export function returnAddress(slug: string, asked: unknown): string {
  const page = `/consultations/${slug}`;
  const widget = `/embed/${slug}`;
  const parsed = returnToShape.safeParse(asked);
  if (!parsed.success) return page;
  const returnTo = parsed.data;
  return returnTo.startsWith(`${page}/`) || returnTo === widget || returnTo.startsWith(`${widget}?`) ? returnTo : page;
}

/** True for the consultation's embedded widget, where joining leads straight back (no site pages inside the frame). */
export const isWidgetAddress = (slug: string, address: string) => address === `/embed/${slug}` || address.startsWith(`/embed/${slug}?`);

/** An address with `joined=1` added, for the page to confirm the person now takes part. */
export const withJoined = (address: string) => `${address}${address.includes('?') ? '&' : '?'}joined=1`;
