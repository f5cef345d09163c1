import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mapKindFor } from '../../platform/ui/tile-map';
import { modulePath, viewHref } from './proposals-links';
import { GeographySection, GroupsSection, SegmentsSection } from './results-analysis';
import type { ResultsPageData } from './results-page-data';
import { ComputedAt, MethodSection, ParticipationFigures, proposalLabeller, ThemesSection, TopsSection, ZonesSection } from './results-tops';

/*
 * The printable report (also rendered to PDF by headless Chromium): the question, participation,
 * the method in brief, the tops with their figures and bounds, the zones, the themes, the
 * segments, the geography and the opinion groups. Its print stylesheet (proposals-results.css)
 * hides the site's frame and the page's navigation, and starts each section on a new page.
 */

const segmentHref = (field: string) => viewHref('dashboard', false, { tab: 'segments', field });

export interface ReportViewProps {
  data: ResultsPageData;
  slug: string;
  instanceId: string;
  locale: string;
}

export function ReportView({ data, slug, instanceId, locale }: ReportViewProps) {
  const { t } = useTranslation('proposals-results');
  const path = `${modulePath(slug, instanceId)}${viewHref('report', false)}`;
  // The full address is only known in the browser (and in the Chromium that prints the PDF).
  const [address, setAddress] = useState(path);
  useEffect(() => setAddress(window.location.href), []);
  const results = data.results;
  const label = proposalLabeller(data);
  return (
    <article className="results-report" aria-labelledby="report-heading">
      <header className="results-report__header">
        <p className="results-report__kicker">{t('report.kicker')}</p>
        <h2 id="report-heading" lang={data.question.lang}>
          {data.question.text}
        </h2>
        {results ? <ComputedAt computedAt={results.computedAt} readAt={data.readAt} locale={locale} /> : null}
        <p className="results-report__address">{t('report.address', { address })}</p>
        <p className="results-report__actions">
          <button type="button" className="button" onClick={() => window.print()}>
            {t('report.print')}
          </button>
        </p>
      </header>
      {!results ? (
        <p className="notice" role="status">
          {t('calculating')}
        </p>
      ) : (
        <>
          <section className="results-section results-report__section" aria-labelledby="report-participation-heading">
            <h3 id="report-participation-heading">{t('participation.heading')}</h3>
            <ParticipationFigures participation={results.participation} locale={locale} team />
          </section>
          <div className="results-report__section">
            <MethodSection results={results} locale={locale} headingLevel={3} />
          </div>
          <div className="results-report__section">
            <TopsSection data={data} locale={locale} headingLevel={3} variant="table" />
          </div>
          <div className="results-report__section">
            <ZonesSection results={results} locale={locale} headingLevel={3} methodHref="#results-method" />
          </div>
          <div className="results-report__section">
            <ThemesSection data={data} locale={locale} headingLevel={3} />
          </div>
          <section className="results-section results-report__section" aria-labelledby="report-segments-heading">
            <h3 id="report-segments-heading">{t('report.segments')}</h3>
            {results.segments.length === 0 ? (
              <SegmentsSection segments={[]} weighting={null} field={null} fieldHref={segmentHref} proposals={results.proposals} label={label} locale={locale} />
            ) : (
              // Every field in turn: a printed report has no picker to switch fields.
              results.segments.map((segment) => (
                <SegmentsSection
                  key={segment.field}
                  segments={[segment]}
                  weighting={results.weighting}
                  field={segment.field}
                  fieldHref={segmentHref}
                  proposals={results.proposals}
                  label={label}
                  locale={locale}
                  minSegmentVoters={results.settings.minSegmentVoters}
                />
              ))
            )}
          </section>
          {/* The same test as GeographySection's, so that the heading never stands over an empty section. */}
          {results.segments.some((segment) => mapKindFor(segment.field) && segment.values.length > 0) ? (
            <section className="results-section results-report__section" aria-labelledby="report-geography-heading">
              <h3 id="report-geography-heading">{t('report.geography')}</h3>
              <GeographySection segments={results.segments} locale={locale} />
            </section>
          ) : null}
          <section className="results-section results-report__section" aria-labelledby="report-groups-heading">
            <h3 id="report-groups-heading">{t('report.groups')}</h3>
            <GroupsSection groups={results.groups} absence={results.groupsAbsence} proposals={results.proposals} label={label} locale={locale} />
          </section>
          {data.rankings.length > 0 ? <RankingsSection rankings={data.rankings} locale={locale} /> : null}
        </>
      )}
    </article>
  );
}

/** What the consultation's other modules ranked (a token vote's priorities): one table each, best first. */
function RankingsSection({ rankings, locale }: { rankings: ResultsPageData['rankings']; locale: string }) {
  const { t } = useTranslation('proposals-results');
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  return (
    <section className="results-section results-report__section" aria-labelledby="report-rankings-heading">
      <h3 id="report-rankings-heading">{t('report.rankings')}</h3>
      <p>{t('report.rankingsIntro')}</p>
      {rankings.map((ranking) => (
        <table key={ranking.instanceId} className="table results-table">
          <caption>{t('report.rankingCaption', { name: ranking.name, phase: t(`report.phase.${ranking.phase}`) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('figures.rank')}</th>
              <th scope="col">{t('report.rankingItem')}</th>
              <th scope="col">{ranking.valueName}</th>
              <th scope="col">{t('report.rankingVoters')}</th>
            </tr>
          </thead>
          <tbody>
            {ranking.items.length === 0 ? (
              <tr>
                <td colSpan={4}>{t('report.rankingEmpty')}</td>
              </tr>
            ) : (
              ranking.items.map((item) => (
                <tr key={`${item.rank}-${item.title}`}>
                  <td>{integer.format(item.rank)}</td>
                  <th scope="row">{item.title}</th>
                  <td>{integer.format(item.value)}</td>
                  <td>{integer.format(item.voters)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      ))}
    </section>
  );
}
