import type { LoaderFunctionArgs } from '@remix-run/node';
import { isPdfRenderError, renderPdf } from '../../platform/pdf.server';
import { authorise } from '../server/consultation.server';
import { pdfReportRule, rateLimitKey } from '../server/rate-limit.server';
import { visibleModuleInstance } from '../server/phases.server';
import { i18next } from '../i18n.server';

/**
 * Where this server reaches itself: PDF_BASE_URL when set (when the server does not listen on the
 * loopback), else the loopback on the port this request arrived on. Never an address taken from
 * the request's headers (Host, X-Forwarded-Host): Chromium would carry the session cookie to
 * whatever they name.
 */
function ownBaseUrl(serverPort: number): string {
  const configured = process.env.PDF_BASE_URL?.trim();
  if (configured) {
    const url = new URL(configured);
    if (!/^https?:$/.test(url.protocol) || url.username || url.password || url.pathname !== '/' || url.search) throw new Error('PDF_BASE_URL must be an origin such as http://10.0.0.5:3000');
    return url.origin;
  }
  return `http://127.0.0.1:${serverPort || Number(process.env.PORT?.trim() || 3000)}`;
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
  const { consultation, actor } = await authorise(request, context, params.slug, 'results.view');
  const instance = await visibleModuleInstance(context.db, consultation, params.instanceId ?? '');
  if (!instance) throw new Response('Not found', { status: 404 });
  const locale = await i18next.getLocale(request);
  const limit = await context.rateLimiter.hit(rateLimitKey(pdfReportRule.kind, actor.userId ?? context.clientAddress), pdfReportRule);
  if (!limit.allowed) {
    const t = await i18next.getFixedT(locale, 'proposals');
    return new Response(t('pdf.tooMany'), { status: 429, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': String(limit.retryAfterSeconds) } });
  }
  // The session cookie as the browser holds it (signed), for the report page to know who asks; no other cookie.
  const session = cookieValue(request.headers.get('Cookie'), context.sessionCookie.name);
  const url = `${ownBaseUrl(context.serverPort)}/consultations/${encodeURIComponent(consultation.slug)}/modules/${instance.id}?view=report`;
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
