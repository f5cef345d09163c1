import type { LoaderFunctionArgs } from '@remix-run/node';
import { toCsv } from '../../platform/csv';
import { isModuleInputError } from '../../platform/modules/errors';
import { authorise } from '../server/consultation.server';
import { moduleDownload } from '../server/phases.server';
import { i18next } from '../i18n.server';

/** A module's download as CSV (all answers to a question…); the module decides who may have it. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { consultation, actor } = await authorise(request, context, params.slug, 'consultation.view');
  const locale = await i18next.getLocale(request);
  try {
    const file = await moduleDownload(context.db, { actor, consultation, instanceId: params.instanceId ?? '', query: new URL(request.url).searchParams, locale });
    if (!file) throw new Response('Not found', { status: 404 });
    const safeName = file.filename.replace(/[^a-z0-9._-]+/gi, '-');
    return new Response(toCsv(file.rows), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${safeName}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (error) {
    if (isModuleInputError(error)) throw new Response(error.code, { status: error.status });
    throw error;
  }
}
