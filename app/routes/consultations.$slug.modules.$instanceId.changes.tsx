import { json, type LoaderFunctionArgs } from '@remix-run/node';
import { authorise } from '../server/consultation.server';
import { moduleChangesSince } from '../server/phases.server';
import { i18next } from '../i18n.server';

/**
 * What changed in a module instance after `?since=` (a change counter): a browser that lost its
 * realtime connection asks for it when it is back, and merges it without duplicates.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { consultation, actor } = await authorise(request, context, params.slug, 'consultation.view');
  const since = new URL(request.url).searchParams.get('since') ?? '0';
  if (!/^\d{1,18}$/.test(since)) return json({ error: 'since must be a change counter' }, { status: 400 });
  const changes = await moduleChangesSince(context.db, {
    actor,
    consultation,
    instanceId: params.instanceId ?? '',
    since,
    locale: await i18next.getLocale(request),
  });
  if (changes === null) throw new Response('Not found', { status: 404 });
  return json(changes, { headers: { 'Cache-Control': 'no-store' } });
}
