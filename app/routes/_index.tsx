import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { consultationStatus, listConsultations, type ConsultationStatus } from '../server/consultations.server';
import { i18next } from '../i18n.server';
import { pickLanguage } from '../../platform/i18n/languages';
import { formatDate } from '../../platform/ui/format';

export const handle = { i18n: ['common', 'home'] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Plenum' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await i18next.getLocale(request);
  const t = await i18next.getFixedT(locale, 'home');
  const consultations = (await listConsultations(context.db)).map((c) => ({
    slug: c.slug,
    status: consultationStatus(c),
    phase: c.lifecycle_state,
    question: pickLanguage(c.question, locale, c.default_language),
    organisation: c.organisation.name,
    startsAt: c.starts_at?.toISOString() ?? null,
    endsAt: c.ends_at?.toISOString() ?? null,
    themeCount: c.themeCount,
  }));
  return { title: t('title'), consultations };
}

type Card = Awaited<ReturnType<typeof loader>>['consultations'][number];
const sections: ConsultationStatus[] = ['open', 'closed'];

export default function Home() {
  const { consultations } = useLoaderData<typeof loader>();
  const { t } = useTranslation('home');
  return (
    <div className="page">
      <section className="intro">
        <h1>{t('heading')}</h1>
        <p className="lead">{t('lead')}</p>
      </section>
      {consultations.length === 0 ? (
        <p className="empty-state">{t('empty')}</p>
      ) : (
        sections.map((status) => {
          const cards = consultations.filter((c) => c.status === status);
          if (cards.length === 0) return null;
          return (
            <section key={status} aria-labelledby={`section-${status}`} className="consultation-section">
              <h2 id={`section-${status}`}>{t(`sections.${status}`)}</h2>
              <ul className="consultation-list">
                {cards.map((card) => (
                  <ConsultationCard key={card.slug} card={card} />
                ))}
              </ul>
            </section>
          );
        })
      )}
    </div>
  );
}

function ConsultationCard({ card }: { card: Card }) {
  const { t, i18n } = useTranslation(['home', 'common']);
  const locale = i18n.language;
  return (
    <li className="consultation-card">
      <p className="consultation-card__organisation">{card.organisation}</p>
      <h3 className="consultation-card__question">
        <Link to={`/consultations/${card.slug}`} lang={card.question.lang}>
          {card.question.text}
        </Link>
      </h3>
      <p className="consultation-card__meta">
        {card.status === 'open' ? <>{t(`common:phases.${card.phase}`)} · </> : null}
        {card.status === 'open' && card.endsAt
          ? t('card.endsOn', { date: formatDate(card.endsAt, locale) })
          : card.status === 'closed' && card.endsAt
            ? t('card.endedOn', { date: formatDate(card.endsAt, locale) })
            : null}
        {' · '}
        {t('card.themes', { count: card.themeCount })}
      </p>
    </li>
  );
}
