import { useTranslation } from 'react-i18next';
import type { ResultsPageData } from './results-page-data';
import { ComputedAt, MethodSection, ParticipationFigures, ThemesSection, TopsSection, useLiveResults, ZonesSection } from './results-tops';

/*
 * The public results of the massive consultation: when they were computed, participation, the
 * three tops, the zones in plain words, each theme's best proposals and the method. Hidden from
 * participants until the phase closes when the strategist chose so. It follows each new
 * computation live (`results:changed`).
 */

export interface ResultsViewProps {
  data: ResultsPageData;
  slug: string;
  instanceId: string;
  locale: string;
}

export function ResultsView({ data, slug, instanceId, locale }: ResultsViewProps) {
  const { t } = useTranslation('proposals-results');
  // Hidden results change only when the phase does (the consultation's own live reload).
  const live = useLiveResults(slug, instanceId, data.hidden === null);
  const results = data.results;
  return (
    <section className="results" aria-labelledby="results-heading">
      <h2 id="results-heading">{t('public.heading')}</h2>
      {data.hidden ? (
        <p className="notice">{t(`hidden.${data.hidden}`)}</p>
      ) : !results ? (
        <p className="notice" role="status">
          {t('calculating')}
        </p>
      ) : (
        <>
          <ComputedAt computedAt={results.computedAt} readAt={data.readAt} locale={locale} status={live} />
          <section className="results-section" aria-labelledby="results-participation-heading">
            <h3 id="results-participation-heading">{t('participation.heading')}</h3>
            <ParticipationFigures participation={results.participation} locale={locale} team={false} />
          </section>
          <TopsSection data={data} locale={locale} headingLevel={3} variant="chart" />
          <ZonesSection results={results} locale={locale} headingLevel={3} methodHref="#results-method" />
          <ThemesSection data={data} locale={locale} headingLevel={3} />
          <MethodSection results={results} locale={locale} headingLevel={3} />
        </>
      )}
    </section>
  );
}
