import { json, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { isRouteErrorResponse, useLoaderData, useRouteError } from '@remix-run/react';
import { useEffect, useRef, type CSSProperties, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { moduleManifests, moduleNamespaces } from '../../modules/index';
import { findConsultation } from '../../platform/consultations/consultations.server';
import type { Consultation } from '../../platform/db/schema';
import { pickLanguage } from '../../platform/i18n/languages';
import { isPhase } from '../../platform/phases';
import { useConsultationLive } from '../../platform/ui/use-consultation-live';
import { actorFor } from '../auth.server';
import { i18next } from '../i18n.server';
import { moduleStylesheets } from '../module-styles';
import { loadModulePage } from '../server/phases.server';
import embedStyles from '../styles/embed.css';

/*
 * The embeddable widget: the card stack of a consultation's proposals, in an iframe on a media
 * site. Only the sites the strategist listed (consultation.embed_origins) may frame it. Votes and
 * proposals go to the module's usual route: the iframe's own origin is Plenum's, so the
 * cross-site write check lets them through. The page tells its parent how tall it is
 * (public/embed.js sizes the iframe from that).
 */

export const handle = { i18n: ['common', 'consultation', 'forms', 'posts', 'embed', ...moduleNamespaces], bare: true };

export const links: LinksFunction = () => [...moduleStylesheets, { rel: 'stylesheet', href: embedStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.question.text} · Plenum` : 'Plenum' }];

// The views a widget offers: a media site's page is no place for the team's moderation views.
const widgetViews = new Set(['sequence', 'propose', 'proposal', 'mine']);

/** Who may frame this consultation's widget: Plenum itself, and the sites its strategist allowed. */
function frameAncestors(consultation: Pick<Consultation, 'embed_origins'> | null): Headers {
  return new Headers({ 'Content-Security-Policy': ["frame-ancestors 'self'", ...(consultation?.embed_origins ?? [])].join(' ') });
}

/** The widget's 404: the consultation is unknown, not open, or has no proposals in its current phase. */
function unavailable(consultation: Consultation | null): Response {
  return new Response('This widget is not available', { status: 404, headers: frameAncestors(consultation) });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const consultation = params.slug ? await findConsultation(context.db, params.slug) : null;
  // Not open (a draft, or closed) or unknown: nothing to take part in.
  if (!consultation || !isPhase(consultation.lifecycle_state)) throw unavailable(consultation);
  const instance = await context.db
    .selectFrom('module_instances')
    .select('id')
    .where('consultation_id', '=', consultation.id)
    .where('kind', '=', 'proposals')
    .where('phase', '=', consultation.lifecycle_state)
    .orderBy('position')
    .orderBy('created_at')
    .executeTakeFirst();
  if (!instance) throw unavailable(consultation);

  const { actor } = await actorFor(request, context, consultation);
  const locale = await i18next.getLocale(request);
  const asked = new URL(request.url).searchParams;
  const query = new URLSearchParams({ embed: '1' });
  const view = asked.get('view');
  if (view && widgetViews.has(view)) query.set('view', view);
  const proposal = asked.get('proposal');
  if (proposal) query.set('proposal', proposal);
  const widget = await loadModulePage(context.db, { actor, consultation, instanceId: instance.id, query, locale });
  if (!widget) throw unavailable(consultation);

  const page = await context.db.selectFrom('organisations').select('primary_color').where('id', '=', consultation.organisation_id).executeTakeFirst();
  return json(
    {
      slug: consultation.slug,
      question: pickLanguage(consultation.question, locale, consultation.default_language),
      defaultLanguage: consultation.default_language,
      primaryColor: page?.primary_color ?? null,
      module: widget,
    },
    { headers: frameAncestors(consultation) },
  );
}

// The frame-ancestors list goes on the widget's page, its 404 included; the rest of the site keeps its own headers.
export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => errorHeaders ?? loaderHeaders;

/**
 * Tells the parent page how tall the widget is, whenever that changes, so that the iframe
 * shows it whole without a scrollbar of its own. The height is no secret: any page may read it.
 */
function useHeightForParent(content: RefObject<HTMLElement>) {
  useEffect(() => {
    const element = content.current;
    if (!element || window.parent === window) return;
    let last = 0;
    const send = (force = false) => {
      const height = Math.ceil(element.getBoundingClientRect().height);
      if (!force && height === last) return;
      last = height;
      window.parent.postMessage({ type: 'plenum:height', height }, '*');
    };
    const observer = new ResizeObserver(() => send());
    observer.observe(element);
    // The host page's script may load after the first message: it asks again.
    const asked = (event: MessageEvent) => {
      if (event.source === window.parent && (event.data as { type?: unknown } | null)?.type === 'plenum:ask-height') send(true);
    };
    window.addEventListener('message', asked);
    send(true);
    return () => {
      observer.disconnect();
      window.removeEventListener('message', asked);
    };
  }, [content]);
}

export default function EmbeddedWidget() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('embed');
  const content = useRef<HTMLDivElement>(null);
  useConsultationLive(data.slug);
  useHeightForParent(content);
  const manifest = moduleManifests[data.module.kind];
  // The module's own page, which knows it is embedded (its data says so) and keeps its links inside the widget.
  const View = manifest?.Page;
  const brand = (data.primaryColor ? { '--brand': data.primaryColor } : {}) as CSSProperties;
  return (
    <div className="embed" style={brand} ref={content}>
      <h1 className="embed__question" lang={data.question.lang}>
        {data.question.text}
      </h1>
      {View ? (
        <View
          config={data.module.config}
          data={data.module.page}
          open={data.module.open}
          slug={data.slug}
          instanceId={data.module.id}
          locale={i18n.language}
          defaultLanguage={data.defaultLanguage}
        />
      ) : null}
      <p className="embed__more">
        {/* A new tab: the host page stays where the reader was. */}
        <a href={`/consultations/${data.slug}`} target="_blank" rel="noopener">
          {t('embed:more')}
        </a>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation('embed');
  const error = useRouteError();
  const content = useRef<HTMLDivElement>(null);
  useHeightForParent(content);
  const kind = isRouteErrorResponse(error) && error.status === 404 ? 'unavailable' : 'failed';
  return (
    <div className="embed embed--unavailable" ref={content}>
      <h1>{t(`${kind}.title`)}</h1>
      <p>{t(`${kind}.body`)}</p>
    </div>
  );
}
