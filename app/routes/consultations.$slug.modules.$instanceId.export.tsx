import type { LoaderFunctionArgs } from '@remix-run/node';
import { toCsv } from '../../platform/csv';
import { isModuleInputError } from '../../platform/modules/errors';
import { toXlsx, xlsxContentType } from '../../platform/xlsx.server';
import { authorise } from '../server/consultation.server';
import { moduleDownload } from '../server/phases.server';
import { i18next } from '../i18n.server';

const formats = ['csv', 'xlsx'] as const;
type Format = (typeof formats)[number];

/**
 * A module's download (all answers to a question, a proposals' results…) as CSV, or as an Excel
 * workbook with `?format=xlsx`; the module decides who may have it.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { consultation, actor } = await authorise(request, context, params.slug, 'consultation.view');
  const query = new URL(request.url).searchParams;
  const format = (query.get('format') ?? 'csv') as Format;
  if (!formats.includes(format)) throw new Response(`Unknown format "${query.get('format')}": ask for format=csv or format=xlsx.`, { status: 400 });
  const locale = await i18next.getLocale(request);
  try {
    const file = await moduleDownload(context.db, { actor, consultation, instanceId: params.instanceId ?? '', query, locale });
    if (!file) throw new Response('Not found', { status: 404 });
    // The module names its file .csv; the workbook takes the same name with its own extension.
    const safeName = file.filename.replace(/[^a-z0-9._-]+/gi, '-').replace(/\.csv$/i, '') + `.${format}`;
    const body = format === 'xlsx' ? Uint8Array.from(await toXlsx(file.rows, { sheet: safeName.replace(/\.xlsx$/, '') })).buffer : toCsv(file.rows);
    return new Response(body, {
      headers: {
        'Content-Type': format === 'xlsx' ? xlsxContentType : 'text/csv; charset=utf-8',
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
