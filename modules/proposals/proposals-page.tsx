import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { ModulePageProps } from '../../platform/modules/manifest';
import type { ProposalsConfig } from './manifest';
import { CardStack } from './card-stack';
import { MineView } from './mine-view';
import { ModerationView } from './moderation-view';
import type { ProposalsPageData, ProposalsView } from './proposals-data';
import { viewHref } from './proposals-links';
import { ProposalView } from './proposal-view';
import { ProposeForm } from './propose-form';
import { DashboardView } from './dashboard-view';
import { ReportView } from './report-view';
import { ResultsView } from './results-view';
import { SupervisionView } from './supervision-view';

type Props = ModulePageProps<ProposalsConfig, ProposalsPageData>;

/** The links between the page's views, each for those it is for. */
function viewLinks(data: ProposalsPageData): ProposalsView[] {
  const views: ProposalsView[] = ['sequence', 'propose'];
  if (data.viewer.signedIn) views.push('mine');
  // The team's views stay on the site: the widget is for participants.
  if (data.viewer.mayModerate && !data.embedded) views.push('moderate', 'supervise');
  if (!data.embedded) views.push('results');
  if (data.viewer.mayAnalyse && !data.embedded) views.push('dashboard');
  return views;
}

/**
 * The massive consultation's page (the question is drawn above it by the route): the prefix
 * every proposal starts with, the views, and the chosen one: the card stack (default), the
 * propose form, one proposal, the reader's own proposals, the moderators' workspace and board,
 * the results, the team's dashboard and its printable report.
 */
export function ProposalsPage({ data, slug, instanceId, locale, defaultLanguage, open }: Props) {
  const { t } = useTranslation('proposals');
  const { t: tResults } = useTranslation('proposals-results');
  // The report is reached from the dashboard: its link stays the current one.
  const current = data.view === 'report' ? 'dashboard' : data.view;
  return (
    <div className="proposals-page">
      <header className="proposals-page__header">
        <p className="proposals-page__kicker">{t('page.kicker')}</p>
        <p className="proposals-page__prefix" lang={data.prefix.lang}>
          <span className="visually-hidden">{t('page.prefixIntro')} </span>
          {t('page.prefixShown', { prefix: data.prefix.text })}
        </p>
      </header>

      <nav className="proposals-views" aria-label={t('page.views')}>
        {viewLinks(data).map((view) => (
          <Link key={view} to={viewHref(view, data.embedded)} className="proposals-views__link" aria-current={view === current ? 'page' : undefined}>
            {view === 'results' || view === 'dashboard' ? tResults(`link.${view}`) : t(`page.view.${view}`)}
          </Link>
        ))}
      </nav>

      {!open ? <p className="notice">{t('page.readOnly')}</p> : null}

      {data.view === 'sequence' ? <CardStack page={data} slug={slug} instanceId={instanceId} locale={locale} defaultLanguage={defaultLanguage} open={open} /> : null}
      {data.view === 'propose' ? <ProposeForm data={data} slug={slug} instanceId={instanceId} open={open} /> : null}
      {data.view === 'proposal' ? <ProposalView data={data} slug={slug} instanceId={instanceId} locale={locale} open={open} /> : null}
      {data.view === 'mine' ? <MineView data={data} locale={locale} /> : null}
      {data.view === 'moderate' ? <ModerationView page={data} slug={slug} instanceId={instanceId} locale={locale} defaultLanguage={defaultLanguage} /> : null}
      {data.view === 'supervise' ? <SupervisionView page={data} slug={slug} instanceId={instanceId} locale={locale} defaultLanguage={defaultLanguage} /> : null}
      {data.view === 'results' && data.results ? <ResultsView data={data.results} slug={slug} instanceId={instanceId} locale={locale} /> : null}
      {data.view === 'dashboard' ? <DashboardView page={data} slug={slug} instanceId={instanceId} locale={locale} /> : null}
      {data.view === 'report' && data.results ? <ReportView data={data.results} slug={slug} instanceId={instanceId} locale={locale} /> : null}
    </div>
  );
}
