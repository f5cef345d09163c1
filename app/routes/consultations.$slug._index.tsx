import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { consultationBySlug, statusAt } from '../server/consultations.server';
import { can } from '../../platform/policy';
import { FormMessage } from '../../platform/ui/form';
import { actorFor } from '../auth.server';
import { i18next } from '../i18n.server';
import { pickLanguage, type LocalizedText } from '../../platform/i18n/languages';
import { formatDate, nativeLanguageName } from '../../platform/ui/format';

export const handle = { i18n: ['common', 'consultation', 'team'] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.question.text} · Plenum` : 'Plenum' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const page = params.slug ? await consultationBySlug(context.db, params.slug) : null;
  if (!page) throw new Response('Consultation not found', { status: 404 });
  const locale = await i18next.getLocale(request);
  const { consultation, organisation, themes } = page;
  const { actor } = await actorFor(request, context, consultation);
  // A campaign link (?src=newsletter) is carried by the "take part" form into the membership.
  const src = new URL(request.url).searchParams.get('src');
  // Content shows in the reader's language when the consultation offers it, else in its own.
  const pick = (text: LocalizedText) => pickLanguage(text, locale, consultation.default_language);
  return {
    slug: consultation.slug,
    status: statusAt(consultation, new Date()),
    question: pick(consultation.question),
    description: pick(consultation.description),
    offersReaderLanguage: consultation.languages.includes(locale),
    languages: consultation.languages,
    anonymity: consultation.anonymity,
    moderation: consultation.moderation,
    startsAt: consultation.starts_at?.toISOString() ?? null,
    endsAt: consultation.ends_at?.toISOString() ?? null,
    organisation: { name: organisation.name, primaryColor: organisation.primary_color },
    participation: {
      isParticipant: actor.roles.has('participant'),
      signedIn: actor.userId !== null,
      mayJoin: can(actor, 'consultation.join', consultation),
      src: src && /^[a-z0-9][a-z0-9_-]{0,39}$/i.test(src) ? src : null,
      hasSegmentQuestions: consultation.segment_fields.length > 0,
    },
    team: {
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
  return (
    <article className="page consultation" style={brand}>
      <header className="consultation__header">
        <p className="consultation__organisation">{data.organisation.name}</p>
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

      <TakePart data={data} />

      {!data.offersReaderLanguage ? (
        <p className="notice" role="note">
          {t('notInYourLanguage', { language: nativeLanguageName(data.question.lang) })}
        </p>
      ) : null}

      <section aria-labelledby="about" className="consultation__about">
        <h2 id="about">{t('about')}</h2>
        <div lang={data.description.lang}>
          {data.description.text.split(/\n{2,}/).map((paragraph, i) => (
            <p key={i}>{paragraph}</p>
          ))}
        </div>
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
      {welcomeRole ? <FormMessage tone="success">{t('takePart.welcomeRole', { role: t(`team:roles.${welcomeRole}`, { defaultValue: welcomeRole }) })}</FormMessage> : null}
      {participation.isParticipant ? (
        <p>
          {t('takePart.youTakePart')}{' '}
          {participation.hasSegmentQuestions ? <Link to={`/consultations/${slug}/about-you`}>{t('takePart.aboutYou')}</Link> : null}
        </p>
      ) : status === 'closed' ? (
        <p>{t('takePart.closed')}</p>
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
      {team.members || team.moderation ? (
        <ul className="team-links">
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
