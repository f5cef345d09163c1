import type { LoaderFunctionArgs } from '@remix-run/node';
import { toCsv, toCsvStream } from '../../platform/csv';
import { isModuleInputError } from '../../platform/modules/errors';
import { toXlsx, xlsxContentType } from '../../platform/xlsx.server';
import { authorise } from '../server/consultation.server';
import { moduleDownload } from '../server/phases.server';
import { i18next } from '../i18n.server';

const formats = ['csv', 'xlsx'] as const;
type Format = (typeof formats)[number];

/** A workbook is built in memory: beyond this many rows (every vote of a large consultation) only CSV, which streams. */
const maxWorkbookRows = 100_000;

/** The rows of a download read in batches, up to `limit` (null beyond it). */
async function collect(batches: AsyncIterable<Record<string, string | number | null>[]>, limit: number) {
  const rows: Record<string, string | number | null>[] = [];
  for await (const batch of batches) {
    rows.push(...batch);
    if (rows.length > limit) return null;
  }
  return rows;
}

/**
 * A module's download (all answers to a question, a proposals' results…) as CSV, or as an Excel
 * workbook with `?format=xlsx`; the module decides who may have it.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { consultation, actor } = await authorise(request, context, params.slug, 'consultation.view');
  const query = new URL(request.url).searchParams;
  const format = (query.get('format') ?? 'csv') as Format;
  if (!formats.includes(format)) throw new Response('Unknown format: ask for format=csv or format=xlsx.', { status: 400 });
  const locale = await i18next.getLocale(request);
  try {
    const file = await moduleDownload(context.db, { actor, consultation, instanceId: params.instanceId ?? '', query, locale });
    if (!file) throw new Response('Not found', { status: 404 });
    // The module names its file .csv; the workbook takes the same name with its own extension.
    const safeName = file.filename.replace(/[^a-z0-9._-]+/gi, '-').replace(/\.csv$/i, '') + `.${format}`;
    let body: BodyInit;
    if (format === 'csv') body = 'rows' in file ? toCsv(file.rows) : toCsvStream(file.columns, file.batches);
    else {
      const rows = 'rows' in file ? file.rows : await collect(file.batches, maxWorkbookRows);
      if (!rows) throw new Response(`More than ${maxWorkbookRows.toLocaleString('en')} rows: too many for a spreadsheet built on the server. Download the CSV instead (format=csv); it streams.`, { status: 413 });
      body = Uint8Array.from(await toXlsx(rows, { sheet: safeName.replace(/\.xlsx$/, '') })).buffer;
    }
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
