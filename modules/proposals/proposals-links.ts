import type { ProposalsView } from './proposals-data';

/** Where the module's page is, and where its fetchers post. */
export const modulePath = (slug: string, instanceId: string) => `/consultations/${slug}/modules/${instanceId}`;

/** A view's address on the module's page, keeping the widget's mark so that its votes stay marked as such. */
export function viewHref(view: ProposalsView, embedded: boolean, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({ ...(view === 'sequence' ? {} : { view }), ...extra, ...(embedded ? { embed: '1' } : {}) });
  const text = query.toString();
  return text ? `?${text}` : '?';
}
