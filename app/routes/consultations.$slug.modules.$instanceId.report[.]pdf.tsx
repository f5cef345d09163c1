import type { LoaderFunctionArgs } from '@remix-run/node';
import { isPdfRenderError, renderPdf } from '../../platform/pdf.server';
import { authorise } from '../server/consultation.server';
import { visibleModuleInstance } from '../server/phases.server';
import { i18next } from '../i18n.server';

const localHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Where this server can reach itself: PDF_BASE_URL when set (behind a proxy, or when HOST is not
 * the loopback), the request's own address when it came from this machine, else the loopback on
 * the port server.ts listens on. Never the public address: the PDF is printed inside the server.
 */
function ownBaseUrl(request: Request): string {
  if (process.env.PDF_BASE_URL) return process.env.PDF_BASE_URL.replace(/\/+$/, '');
  const asked = new URL(request.url);
  if (localHosts.has(asked.hostname)) return asked.origin;
  return `http://127.0.0.1:${process.env.PORT?.trim() || 3000}`;
}

function cookieValue(header: string | null, name: string): string | null {
  for (const part of (header ?? '').split(/;\s*/)) {
    const equals = part.indexOf('=');
    if (equals > 0 && part.slice(0, equals) === name) return part.slice(equals + 1);
  }
  return null;
}

/** The module's printable report (`?view=report`) as a PDF, for the team (results.view). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { consultation } = await authorise(request, context, params.slug, 'results.view');
  const instance = await visibleModuleInstance(context.db, consultation, params.instanceId ?? '');
  if (!instance) throw new Response('Not found', { status: 404 });
  const locale = await i18next.getLocale(request);
  // The session cookie as the browser holds it (signed), for the report page to know who asks; no other cookie.
  const session = cookieValue(request.headers.get('Cookie'), context.sessionCookie.name);
  const url = `${ownBaseUrl(request)}/consultations/${encodeURIComponent(consultation.slug)}/modules/${instance.id}?view=report`;
  try {
    const pdf = await renderPdf({ url, locale, cookies: session ? [{ name: context.sessionCookie.name, value: session }] : [] });
    const filename = `${consultation.slug}-report-${new Date().toISOString().slice(0, 10)}.pdf`.replace(/[^a-z0-9._-]+/gi, '-');
    return new Response(Uint8Array.from(pdf).buffer, {
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (error) {
    if (!isPdfRenderError(error)) throw error;
    if (error.reason !== 'unavailable') context.logger.warn({ reason: error.reason, err: error.message }, 'PDF report not rendered');
    const t = await i18next.getFixedT(locale, 'proposals');
    // Printing from the browser always works: say so instead of a bare error.
    return new Response(t(error.reason === 'busy' ? 'pdf.busy' : 'pdf.unavailable'), {
      status: 503,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...(error.reason === 'busy' ? { 'Retry-After': '30' } : {}) },
    });
  }
}
