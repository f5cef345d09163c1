import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { consultationBySlug, consultationStatus, phaseScheduleOf } from '../server/consultations.server';
import { moduleViewsFor } from '../server/phases.server';
import { moduleManifests, moduleNamespaces } from '../../modules/index';
import { moduleStylesheets } from '../module-styles';
import { phaseStanding, type Phase } from '../../platform/phases';
import { can } from '../../platform/policy';
import { FormMessage } from '../../platform/ui/form';
import { useConsultationLive } from '../../platform/ui/use-consultation-live';
import { actorFor, requirePermission } from '../auth.server';
import { i18next } from '../i18n.server';
import { pickLanguage, pickVersion, type LocalizedText } from '../../platform/i18n/languages';
import { renderRichText } from '../server/rich-text.server';
import { ideasOf } from '../server/ideas.server';
import { formatDate, nativeLanguageName } from '../../platform/ui/format';

// Module components read their own namespaces (a thread's summary, …).
export const links: LinksFunction = () => moduleStylesheets;

export const handle = { i18n: ['common', 'consultation', 'team', ...moduleNamespaces] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.question.text} · Plenum` : 'Plenum' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const page = params.slug ? await consultationBySlug(context.db, params.slug) : null;
  if (!page) throw new Response('Consultation not found', { status: 404 });
  const locale = await i18next.getLocale(request);
  const { consultation, organisation, themes } = page;
  const { actor } = await actorFor(request, context, consultation);
  requirePermission(request, actor, 'consultation.view', consultation);
  const [schedule, modules, ideas] = await Promise.all([
    phaseScheduleOf(context.db, consultation.id),
    moduleViewsFor(context.db, actor, consultation, locale),
    ideasOf(context.db, consultation.id),
  ]);
  // A campaign link (?src=newsletter) is carried by the "take part" form into the membership.
  const src = new URL(request.url).searchParams.get('src');
  // Content shows in the reader's language when the consultation offers it, else in its own.
  const pick = (text: LocalizedText) => pickLanguage(text, locale, consultation.default_language);
  return {
    slug: consultation.slug,
    status: consultationStatus(consultation),
    lifecycle: {
      state: consultation.lifecycle_state,
      phases: consultation.phases.map((phase) => {
        const dates = schedule.find((row) => row.phase === phase);
        return {
          phase,
          standing: phaseStanding(phase, consultation.lifecycle_state, consultation.phases),
          opensAt: dates?.opens_at?.toISOString() ?? null,
          closesAt: dates?.closes_at?.toISOString() ?? null,
        };
      }),
    },
    modules,
    ideas: ideas.length,
    defaultLanguage: consultation.default_language,
    question: pick(consultation.question),
    // Rendered and sanitised on the server; the page only inserts it.
    description: (() => {
      const version = pickVersion(consultation.description, locale, consultation.default_language);
      return version ? { html: renderRichText(version.value), lang: version.lang } : null;
    })(),
    offersReaderLanguage: consultation.languages.includes(locale),
    languages: consultation.languages,
    anonymity: consultation.anonymity,
    moderation: consultation.moderation,
    startsAt: consultation.starts_at?.toISOString() ?? null,
    endsAt: consultation.ends_at?.toISOString() ?? null,
    organisation: { name: organisation.name, primaryColor: organisation.primary_color, logoUrl: organisation.logo_url },
    participation: {
      isParticipant: actor.roles.has('participant'),
      signedIn: actor.userId !== null,
      mayJoin: can(actor, 'consultation.join', consultation),
      src: src && /^[a-z0-9][a-z0-9_-]{0,39}$/i.test(src) ? src : null,
      hasSegmentQuestions: consultation.segment_fields.length > 0,
    },
    team: {
      console: can(actor, 'consultation.configure', consultation),
      members: can(actor, 'members.view', consultation),
      moderation: can(actor, 'consultation.moderate', consultation),
    },
    themes: themes.map((theme) => ({
      slug: theme.slug,
      title: pick(theme.title),
      description: pick(theme.description),
      children: theme.children.map((child) => ({
        slug: child.slug,
        title: pick(child.title),
        description: pick(child.description),
      })),
    })),
  };
}

export default function ConsultationRoute() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('consultation');
  const locale = i18n.language;
  const brand = { '--brand': data.organisation.primaryColor } as CSSProperties;
  const lastChange = useConsultationLive(data.slug);
  return (
    <article className="page consultation" style={brand}>
      <p className="visually-hidden" role="status" aria-live="polite">
        {lastChange ? t('timeline.changed', { phase: t(`common:phases.${lastChange.to}`) }) : ''}
      </p>
      <header className="consultation__header">
        <p className="consultation__organisation">
          {data.organisation.logoUrl ? <img src={data.organisation.logoUrl} alt="" className="consultation__logo" /> : null}
          {data.organisation.name}
        </p>
        <h1 lang={data.question.lang}>{data.question.text}</h1>
        <p className="consultation__status">
          <span className={`status-badge status-badge--${data.status}`}>{t(`status.${data.status}`)}</span>
          {data.startsAt && data.endsAt ? (
            <span>
              {t('dates', { start: formatDate(data.startsAt, locale), end: formatDate(data.endsAt, locale) })}
            </span>
          ) : null}
        </p>
      </header>

      <Timeline data={data} />

      {data.ideas > 0 ? (
        <section aria-labelledby="ideas" className="panel consultation__ideas">
          <h2 id="ideas">{t('ideas.heading')}</h2>
          <p>
            {t('ideas.count', { count: data.ideas })} <Link to={`/consultations/${data.slug}/ideas`}>{t('ideas.link')}</Link>
          </p>
        </section>
      ) : null}

      <TakePart data={data} />

      {!data.offersReaderLanguage ? (
        <p className="notice" role="note">
          {t('notInYourLanguage', { language: nativeLanguageName(data.question.lang) })}
        </p>
      ) : null}

      <section aria-labelledby="about" className="consultation__about">
        <h2 id="about">{t('about')}</h2>
        {data.description ? <div className="rich-text-view" lang={data.description.lang} dangerouslySetInnerHTML={{ __html: data.description.html }} /> : null}
        <dl className="facts">
          <dt>{t('facts.languages')}</dt>
          <dd>{data.languages.map(nativeLanguageName).join(', ')}</dd>
          <dt>{t('facts.anonymity')}</dt>
          <dd>{t(`anonymity.${data.anonymity}`)}</dd>
          <dt>{t('facts.moderation')}</dt>
          <dd>{t(`moderation.${data.moderation}`)}</dd>
        </dl>
      </section>

      <section aria-labelledby="themes" className="consultation__themes">
        <h2 id="themes">{t('themes.heading')}</h2>
        {data.themes.length === 0 ? (
          <p className="empty-state">{t('themes.empty')}</p>
        ) : (
          <ul className="theme-list">
            {data.themes.map((theme) => (
              <li key={theme.slug} className="theme">
                <h3 lang={theme.title.lang}>{theme.title.text}</h3>
                {theme.description.text ? <p lang={theme.description.lang}>{theme.description.text}</p> : null}
                {theme.children.length > 0 ? (
                  <ul className="subtheme-list" aria-label={t('themes.subthemesOf', { theme: theme.title.text })}>
                    {theme.children.map((child) => (
                      <li key={child.slug} className="subtheme">
                        <h4 lang={child.title.lang}>{child.title.text}</h4>
                        {child.description.text ? <p lang={child.description.lang}>{child.description.text}</p> : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

function TakePart({ data }: { data: ReturnType<typeof useLoaderData<typeof loader>> }) {
  const { t } = useTranslation('consultation');
  const [params] = useSearchParams();
  const { participation, team, slug, status } = data;
  const welcomeRole = params.get('welcome');
  return (
    <section aria-labelledby="take-part" className="panel take-part">
      <h2 id="take-part">{t('takePart.title')}</h2>
      {params.get('joined') ? <FormMessage tone="success">{t('takePart.joined')}</FormMessage> : null}
      {params.get('problem') === 'closed' || params.get('problem') === 'tooMany' ? (
        <FormMessage tone="error">{t(`takePart.problem.${params.get('problem')}`)}</FormMessage>
      ) : null}
      {welcomeRole ? <FormMessage tone="success">{t('takePart.welcomeRole', { role: t(`team:roles.${welcomeRole}`, { defaultValue: welcomeRole }) })}</FormMessage> : null}
      {participation.isParticipant ? (
        <p>
          {t('takePart.youTakePart')}{' '}
          {participation.hasSegmentQuestions ? <Link to={`/consultations/${slug}/about-you`}>{t('takePart.aboutYou')}</Link> : null}
        </p>
      ) : status === 'closed' ? (
        <p>{t('takePart.closed')}</p>
      ) : status === 'draft' ? (
        <p>{t('takePart.draft')}</p>
      ) : participation.mayJoin ? (
        <Form method="post" action={`/consultations/${slug}/join`} className="stack">
          {participation.src ? <input type="hidden" name="src" value={participation.src} /> : null}
          <button type="submit" className="button">
            {participation.signedIn ? t('takePart.join') : t('takePart.joinAnonymously')}
          </button>
          {!participation.signedIn ? (
            <p className="field__hint">
              {t('takePart.anonymousHint')} <Link to={`/login?redirectTo=/consultations/${slug}`}>{t('takePart.signIn')}</Link>
            </p>
          ) : null}
        </Form>
      ) : (
        <p>
          {t('takePart.accountNeeded')} <Link to={`/login?redirectTo=/consultations/${slug}`}>{t('takePart.signIn')}</Link>{' '}
          <Link to="/signup">{t('takePart.signUp')}</Link>
        </p>
      )}
      {team.console || team.members || team.moderation ? (
        <ul className="team-links">
          {team.console ? (
            <li>
              <Link to={`/consultations/${slug}/console`}>{t('takePart.consolePage')}</Link>
            </li>
          ) : null}
          {team.members ? (
            <li>
              <Link to={`/consultations/${slug}/team`}>{t('takePart.teamPage')}</Link>
            </li>
          ) : null}
          {team.moderation ? (
            <li>
              <Link to={`/consultations/${slug}/moderation`}>{t('takePart.moderationPage')}</Link>
            </li>
          ) : null}
        </ul>
      ) : null}
    </section>
  );
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

/**
 * The phases as a timeline: the current one highlighted (aria-current="step") with its
 * modules open, past ones read-only, future ones announced with their dates.
 */
function Timeline({ data }: { data: Data }) {
  const { t, i18n } = useTranslation(['consultation', 'common']);
  const locale = i18n.language;
  const { lifecycle, modules } = data;
  const dates = (opensAt: string | null, closesAt: string | null) =>
    opensAt && closesAt
      ? t('timeline.fromTo', { start: formatDate(opensAt, locale), end: formatDate(closesAt, locale) })
      : opensAt
        ? t('timeline.from', { date: formatDate(opensAt, locale) })
        : closesAt
          ? t('timeline.until', { date: formatDate(closesAt, locale) })
          : null;
  return (
    <section aria-labelledby="timeline" className="timeline-section">
      <h2 id="timeline">{t('timeline.heading')}</h2>
      {lifecycle.state === 'draft' ? <p className="notice">{t('timeline.draft')}</p> : null}
      <ol className="timeline">
        {lifecycle.phases.map(({ phase, standing, opensAt, closesAt }) => (
          <li key={phase} className={`timeline__step timeline__step--${standing}`} aria-current={standing === 'current' ? 'step' : undefined}>
            <span className="timeline__name">{t(`common:phases.${phase}`)}</span>
            <span className="timeline__standing">{t(`timeline.standing.${standing}`)}</span>
            {dates(opensAt, closesAt) ? <span className="timeline__dates">{dates(opensAt, closesAt)}</span> : null}
          </li>
        ))}
      </ol>
      {lifecycle.phases
        .filter(({ standing }) => standing !== 'future')
        .reverse()
        .map(({ phase, standing }) => (
          <PhaseModules key={phase} phase={phase} current={standing === 'current'} modules={modules.filter((m) => m.phase === phase)} data={data} />
        ))}
    </section>
  );
}

function PhaseModules({ phase, current, modules, data }: { phase: Phase; current: boolean; modules: Data['modules']; data: Data }) {
  const { t, i18n } = useTranslation(['consultation', 'common']);
  if (modules.length === 0) return null;
  const content = modules.map((module) => {
    const manifest = moduleManifests[module.kind];
    if (!manifest) return null;
    const { Component } = manifest;
    return (
      <div key={module.id} className={`module module--${module.kind}${module.open ? '' : ' module--read-only'}`}>
        <Component config={module.config} data={module.data} open={module.open} locale={i18n.language} defaultLanguage={data.defaultLanguage} slug={data.slug} instanceId={module.id} />
      </div>
    );
  });
  if (current) {
    return (
      <section aria-labelledby={`phase-${phase}`} className="phase-modules phase-modules--current">
        <h3 id={`phase-${phase}`}>{t('timeline.now', { phase: t(`common:phases.${phase}`) })}</h3>
        {content}
      </section>
    );
  }
  return (
    <details className="phase-modules phase-modules--past">
      <summary>{t('timeline.past', { phase: t(`common:phases.${phase}`) })}</summary>
      {content}
    </details>
  );
}
