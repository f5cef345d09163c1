import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { BarChart, TimeColumns } from '../../platform/ui/charts';
import type { ProposalsPageData } from './proposals-data';
import { modulePath, viewHref } from './proposals-links';
import { GeographySection, GroupsSection, SegmentsSection } from './results-analysis';
import type { ProposalResult } from './results-data';
import { dashboardTabs, proposalSorts, type ProposalSort, type ResultsPageData } from './results-page-data';
import { BoundedFigure, ComputedAt, ParticipationFigures, ProposalFigures, proposalLabeller, TopsSection, useGroupName, useLiveResults, useResultsFormat } from './results-tops';

/*
 * The team's dashboard: live monitoring (participation, activity per hour, themes, tags, ideas)
 * and the tops; every proposal's figures in a sortable table with one proposal in focus; the
 * segments and the geography; the opinion groups. Downloads and the printable report are one
 * click away. It rereads its figures at each new computation (`results:changed`).
 */

export interface DashboardViewProps {
  page: ProposalsPageData;
  slug: string;
  instanceId: string;
  locale: string;
}

type Query = Record<string, string>;
const dashboardHref = (query: Query) => viewHref('dashboard', false, query);

export function DashboardView({ page, slug, instanceId, locale }: DashboardViewProps) {
  const { t } = useTranslation('proposals-results');
  const data = page.results;
  const live = useLiveResults(slug, instanceId, data !== null);
  if (!data) return null;
  const tab = data.tab ?? 'overview';
  const results = data.results;
  return (
    <section className="results dashboard" aria-labelledby="dashboard-heading">
      <h2 id="dashboard-heading">{t('dashboard.heading')}</h2>
      <nav aria-label={t('dashboard.tabs')} className="dashboard-tabs">
        {dashboardTabs.map((name) => (
          <Link key={name} to={dashboardHref(name === 'overview' ? {} : { tab: name })} className="dashboard-tabs__link" aria-current={name === tab ? 'page' : undefined}>
            {t(`dashboard.tab.${name}`)}
          </Link>
        ))}
      </nav>
      {results ? <ComputedAt computedAt={results.computedAt} readAt={data.readAt} locale={locale} status={live} /> : <p className="notice" role="status">{t('calculating')}</p>}
      <DashboardLinks data={data} slug={slug} instanceId={instanceId} mayModerate={page.viewer.mayModerate} />
      {results ? (
        <>
          {tab === 'overview' ? <Overview data={data} locale={locale} /> : null}
          {tab === 'proposals' ? <ProposalsTab data={data} locale={locale} /> : null}
          {tab === 'segments' ? (
            <section aria-labelledby="dashboard-segments-heading">
              <h3 id="dashboard-segments-heading">{t('dashboard.tab.segments')}</h3>
              <SegmentsSection
                segments={results.segments}
                weighting={results.weighting}
                field={data.field}
                fieldHref={(field) => dashboardHref({ tab: 'segments', field })}
                proposals={results.proposals}
                label={proposalLabeller(data)}
                locale={locale}
                minSegmentVoters={results.settings.minSegmentVoters}
              />
              <GeographySection segments={results.segments} locale={locale} />
            </section>
          ) : null}
          {tab === 'groups' ? (
            <section aria-labelledby="dashboard-groups-heading">
              <h3 id="dashboard-groups-heading">{t('dashboard.tab.groups')}</h3>
              <GroupsSection groups={results.groups} absence={results.groupsAbsence} proposals={results.proposals} label={proposalLabeller(data)} locale={locale} />
            </section>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** Downloads (CSV and XLSX of each kind), the printable report, its PDF, and the moderators' board. */
function DashboardLinks({ data, slug, instanceId, mayModerate }: { data: ResultsPageData; slug: string; instanceId: string; mayModerate: boolean }) {
  const { t } = useTranslation('proposals-results');
  const path = modulePath(slug, instanceId);
  return (
    <div className="dashboard-links">
      <p className="button-row">
        <Link to={viewHref('report', false)}>{t('dashboard.report')}</Link>
        {data.pdfAvailable ? (
          <a href={`${path}/report.pdf`} download>
            {t('dashboard.pdf')}
          </a>
        ) : null}
        {mayModerate ? <Link to={viewHref('supervise', false)}>{t('dashboard.supervision')}</Link> : null}
      </p>
      {data.downloads.length > 0 ? (
        <details className="dashboard-downloads">
          <summary>{t('downloads.summary')}</summary>
          <ul className="plain-list">
            {data.downloads.map((kind) => (
              <li key={kind}>
                <span>{t(`downloads.${kind}`)}</span>{' '}
                {(['csv', 'xlsx'] as const).map((format) => (
                  <a key={format} className="button button--secondary button--small" href={`${path}/export?${new URLSearchParams({ download: kind, format })}`} download>
                    {t(`downloads.${format}`)}
                    <span className="visually-hidden"> {t(`downloads.${kind}`)}</span>
                  </a>
                ))}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

function Overview({ data, locale }: { data: ResultsPageData; locale: string }) {
  const { t } = useTranslation('proposals-results');
  const format = useResultsFormat(locale);
  const results = data.results!;
  const { participation } = results;
  const themeTitle = (themeId: string | null) => (themeId === null ? t('themes.none') : (data.themeTitles[themeId] ?? t('themes.none')));
  return (
    <>
      <section className="results-section" aria-labelledby="dashboard-monitoring-heading">
        <h3 id="dashboard-monitoring-heading">{t('dashboard.monitoring')}</h3>
        <ParticipationFigures participation={participation} locale={locale} team />
        {participation.perHour.length > 0 ? (
          <TimeColumns
            caption={t('dashboard.perHourCaption')}
            points={participation.perHour.map((hour) => ({ at: hour.hour, values: [hour.votes, hour.proposals] }))}
            series={[t('participation.votes'), t('dashboard.newProposals')]}
            locale={locale}
            timeHeader={t('dashboard.hour')}
          />
        ) : null}
        {participation.byTheme.length > 0 ? (
          <BarChart
            caption={t('dashboard.byThemeCaption')}
            bars={participation.byTheme.map((theme) => ({ key: theme.themeId ?? 'none', label: themeTitle(theme.themeId), value: theme.votes, note: t('counts.proposals', { count: theme.proposals, formatted: format.integer(theme.proposals) }) }))}
            min={0}
            format={format.integer}
            valueHeader={t('participation.votes')}
            labelHeader={t('dashboard.theme')}
          />
        ) : null}
        {participation.byTag.length > 0 ? (
          <BarChart
            caption={t('dashboard.byTagCaption')}
            bars={participation.byTag.map((tag) => ({ key: tag.tag, label: tag.tag, value: tag.votes, note: t('counts.proposals', { count: tag.proposals, formatted: format.integer(tag.proposals) }) }))}
            min={0}
            format={format.integer}
            valueHeader={t('participation.votes')}
            labelHeader={t('dashboard.tag')}
          />
        ) : null}
      </section>
      <TopsSection data={data} locale={locale} headingLevel={3} variant="chart" />
      <section className="results-section" aria-labelledby="dashboard-ideas-heading">
        <h3 id="dashboard-ideas-heading">{t('dashboard.ideas')}</h3>
        {participation.byIdea.length === 0 ? (
          <p className="empty-state">{t('dashboard.noIdeas')}</p>
        ) : (
          <div className="results-scroll" role="region" aria-labelledby="dashboard-ideas-caption" tabIndex={0}>
            <table className="table results-table">
              <caption id="dashboard-ideas-caption">{t('dashboard.ideasCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.idea')}</th>
                  <th scope="col">{t('dashboard.ideaProposals')}</th>
                  <th scope="col">{t('figures.votes')}</th>
                  <th scope="col">{t('figures.agree')}</th>
                  <th scope="col">{t('figures.topScore')}</th>
                </tr>
              </thead>
              <tbody>
                {participation.byIdea.map((idea) => (
                  <tr key={idea.ideaId}>
                    <th scope="row">{data.ideaTitles[idea.ideaId] ?? t('dashboard.untitledIdea')}</th>
                    <td className="results-number">{format.integer(idea.proposals.length)}</td>
                    <td className="results-number">{format.integer(idea.counts.votes)}</td>
                    <td className="results-number">{format.rate(idea.scores.agree)}</td>
                    <td className="results-number">{format.score(idea.scores.topScore)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/** Where a sort link leads: the first page of that order, keeping the focus. */
function sortHref(sort: ProposalSort, focus: string | null): string {
  return dashboardHref({ tab: 'proposals', sort, ...(focus ? { focus } : {}) });
}

const sortableColumn: Partial<Record<string, ProposalSort>> = { agree: 'agree', topScore: 'topScore', controversy: 'controversy', rejection: 'rejection', votes: 'votes' };
const columns = ['agree', 'disagree', 'neutral', 'topScore', 'controversy', 'rejection', 'votes', 'impressions', 'zone', 'carriedBy'] as const;

function ProposalsTab({ data, locale }: { data: ResultsPageData; locale: string }) {
  const { t } = useTranslation('proposals-results');
  const format = useResultsFormat(locale);
  const groupName = useGroupName();
  const results = data.results!;
  const page = data.page!;
  const label = proposalLabeller(data);
  const focused = data.focus ? (results.proposals.find((proposal) => proposal.id === data.focus) ?? null) : null;
  const rows = results.proposals.slice(0, page.rows);
  const pages = Math.max(1, Math.ceil(page.total / page.size));
  const keep = (extra: Query) => dashboardHref({ tab: 'proposals', sort: page.sort, ...extra });
  const cell = (proposal: ProposalResult, column: (typeof columns)[number]) => {
    switch (column) {
      case 'agree':
      case 'disagree':
      case 'neutral':
        return <BoundedFigure estimate={proposal.scores[column]} kind="rate" locale={locale} />;
      case 'topScore':
      case 'controversy':
      case 'rejection':
        return <BoundedFigure estimate={proposal.scores[column]} kind="score" locale={locale} />;
      case 'votes':
        return format.integer(proposal.counts.votes);
      case 'impressions':
        return format.integer(proposal.impressions);
      case 'zone':
        return t(`zones.${proposal.zone}.short`);
      case 'carriedBy':
        return proposal.carriedBy === null ? '—' : groupName(proposal.carriedBy);
    }
  };
  return (
    <section aria-labelledby="dashboard-proposals-heading">
      <h3 id="dashboard-proposals-heading">{t('dashboard.tab.proposals')}</h3>
      <p className="muted">{t('table.intro')}</p>
      <nav aria-label={t('table.sortBy')} className="dashboard-sorts">
        <span>{t('table.sortBy')}</span>
        {proposalSorts.map((sort) => (
          <Link key={sort} to={sortHref(sort, data.focus)} aria-current={sort === page.sort ? 'true' : undefined}>
            {t(`table.sort.${sort}`)}
          </Link>
        ))}
      </nav>
      {focused ? <ProposalFigures proposal={focused} segments={results.segments} groups={results.groups} label={label(focused.id)} locale={locale} headingLevel={4} /> : null}
      <div className="results-scroll" role="region" aria-labelledby="dashboard-proposals-caption" tabIndex={0}>
        <table className="table results-table dashboard-proposals">
          <caption id="dashboard-proposals-caption">
            {t('table.caption', { sort: t(`table.sort.${page.sort}`), page: format.integer(page.number), pages: format.integer(pages), total: t('counts.proposals', { count: page.total, formatted: format.integer(page.total) }) })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('figures.proposal')}</th>
              {columns.map((column) => {
                const sort = sortableColumn[column];
                return (
                  <th key={column} scope="col" aria-sort={sort && sort === page.sort ? 'descending' : undefined}>
                    {sort ? <Link to={sortHref(sort, data.focus)}>{t(`figures.${column}`)}</Link> : t(`figures.${column}`)}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((proposal) => {
              const text = label(proposal.id);
              return (
                <tr key={proposal.id} className={proposal.id === data.focus ? 'dashboard-proposals__focused' : undefined}>
                  <th scope="row">
                    <Link to={`${keep({ page: String(page.number), focus: proposal.id })}#results-focus`} lang={text.lang} aria-current={proposal.id === data.focus ? 'true' : undefined}>
                      {text.text}
                    </Link>
                  </th>
                  {columns.map((column) => (
                    <td key={column} className={column === 'zone' || column === 'carriedBy' ? undefined : 'results-number'}>
                      {cell(proposal, column)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <nav aria-label={t('table.pages')} className="dashboard-pages">
        {page.number > 1 ? <Link to={keep({ page: String(page.number - 1), ...(data.focus ? { focus: data.focus } : {}) })}>{t('table.previous')}</Link> : null}
        <span>{t('table.pageOf', { page: format.integer(page.number), pages: format.integer(pages) })}</span>
        {page.number < pages ? <Link to={keep({ page: String(page.number + 1), ...(data.focus ? { focus: data.focus } : {}) })}>{t('table.next')}</Link> : null}
      </nav>
    </section>
  );
}

