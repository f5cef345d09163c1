import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData, type ShouldRevalidateFunction } from '@remix-run/react';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { moduleManifests, moduleNamespaces } from '../../modules/index';
import { moduleStylesheets } from '../module-styles';
import { pickLanguage, type LocalizedText } from '../../platform/i18n/languages';
import { isModuleInputError } from '../../platform/modules/errors';
import { ConsultationLink } from '../../platform/ui/consultation-link';
import { useConsultationLive } from '../../platform/ui/use-consultation-live';
import { authorise } from '../server/consultation.server';
import { consultationBySlug } from '../server/consultations.server';
import { dispatchModuleAction, loadModulePage } from '../server/phases.server';
import { contributionRule, rateLimitKey, reactionRule, voteRule } from '../server/rate-limit.server';
import { i18next } from '../i18n.server';
import { tooManyRequests, keepRetryAfter } from '../validation';

// Every module's own namespaces, so that whichever module this page shows finds its words.
export const links: LinksFunction = () => moduleStylesheets;

export const handle = { i18n: ['common', 'consultation', 'forms', ...moduleNamespaces] };

export const headers = keepRetryAfter;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.heading} · Plenum` : 'Plenum' }];

/** A module instance's own page (a thread…): 404 when it has none or its phase is still to come. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { consultation, actor } = await authorise(request, context, params.slug, 'consultation.view');
  const locale = await i18next.getLocale(request);
  const view = await loadModulePage(context.db, { actor, consultation, instanceId: params.instanceId ?? '', query: new URL(request.url).searchParams, locale });
  if (!view) throw new Response('Not found', { status: 404 });
  const page = await consultationBySlug(context.db, consultation.slug);
  const pick = (text: LocalizedText) => pickLanguage(text, locale, consultation.default_language);
  const title = (view.page as { title?: LocalizedText }).title;
  return {
    slug: consultation.slug,
    question: pick(consultation.question),
    heading: title ? pick(title).text : pick(consultation.question).text,
    defaultLanguage: consultation.default_language,
    primaryColor: page?.organisation.primary_color ?? null,
    module: view,
  };
}

// What people write (and what every reader then receives) is limited per person.
// Module actions that write (an answer, an argument, a summary) count as posts; token and gauge
// votes have their own, quicker rule.
const limitedIntents: Record<string, typeof contributionRule | typeof reactionRule | typeof voteRule> = {
  post: contributionRule,
  answer: contributionRule,
  argue: contributionRule,
  summarise: contributionRule,
  edit: contributionRule,
  report: contributionRule,
  catch: contributionRule,
  react: reactionRule,
  tokens: voteRule,
  gauge: voteRule,
  propose: contributionRule,
  vote: voteRule,
  qualify: voteRule,
  similar: reactionRule,
  next: reactionRule,
};

// Votes, qualifications, a new stack of cards and look-alike proposals answer with all their
// component shows: reloading the page after them would draw a whole card stack for nothing.
const answeredInPlace = new Set(['vote', 'qualify', 'next', 'similar']);
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => {
  const intent = formData?.get('intent');
  return typeof intent === 'string' && answeredInPlace.has(intent) ? false : defaultShouldRevalidate;
};

/**
 * Every action of a module instance (`intent` names it). The dispatcher refuses it when the
 * instance's phase is not the current one; the module checks the person's permission and input.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { consultation, actor } = await authorise(request, context, params.slug, 'consultation.view');
  const locale = await i18next.getLocale(request);
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const rule = limitedIntents[intent];
  if (rule && actor.userId) {
    const limit = await context.rateLimiter.hit(rateLimitKey(rule.kind, actor.userId), rule);
    if (!limit.allowed) return tooManyRequests({ ok: false as const, intent, errors: { form: 'tooFast' } as Record<string, string> }, limit.retryAfterSeconds);
  }
  try {
    const result = await dispatchModuleAction(context.db, {
      actor,
      consultation,
      instanceId: params.instanceId ?? '',
      action: intent,
      form,
      locale,
      events: context.realtime,
    });
    return json({ ok: true as const, intent, result, errors: {} as Record<string, string> });
  } catch (error) {
    if (isModuleInputError(error)) return json({ ok: false as const, intent, errors: { [error.field]: error.code } as Record<string, string> }, { status: error.status });
    if (error instanceof Error && error.name === 'ModuleUnavailableError') {
      const code = (error as Error & { code: string }).code;
      return json({ ok: false as const, intent, errors: { form: `module.${code}` } as Record<string, string> }, { status: code === 'closed' ? 409 : 404 });
    }
    throw error;
  }
}

export default function ModulePage() {
  const data = useLoaderData<typeof loader>();
  const { i18n } = useTranslation();
  useConsultationLive(data.slug);
  const manifest = moduleManifests[data.module.kind];
  const Page = manifest?.Page;
  const brand = (data.primaryColor ? { '--brand': data.primaryColor } : {}) as CSSProperties;
  return (
    <div className="page module-page" style={brand}>
      <ConsultationLink slug={data.slug} question={data.question} />
      {Page ? (
        <Page
          config={data.module.config}
          data={data.module.page}
          open={data.module.open}
          slug={data.slug}
          instanceId={data.module.id}
          locale={i18n.language}
          defaultLanguage={data.defaultLanguage}
        />
      ) : null}
    </div>
  );
}
