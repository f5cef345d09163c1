import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { ModuleViewProps } from '../../platform/modules/manifest';
import type { ProposalsConfig } from './manifest';
import type { ProposalsSummaryData } from './proposals-data';
import { modulePath } from './proposals-links';

/** The module on the consultation page: the prefix to complete, how many proposals and votes, the moderators' backlog, and the ways in. */
export function ProposalsSummary({ data, open, slug, instanceId }: ModuleViewProps<ProposalsConfig, ProposalsSummaryData>) {
  const { t } = useTranslation('proposals');
  const path = modulePath(slug, instanceId);
  return (
    <div className="proposals-summary">
      <p>{t('summary.intro')}</p>
      <p className="proposals-summary__prefix" lang={data.prefix.lang}>
        {t('page.prefixShown', { prefix: data.prefix.text })}
      </p>
      <p>
        {data.proposals === 0 ? t('summary.none') : t('summary.proposals', { count: data.proposals })}
        {data.votes > 0 ? ` · ${t('summary.votes', { count: data.votes })}` : null}
      </p>
      {data.pending !== null ? (
        <p>
          <Link to={`${path}?view=moderate`}>{t('summary.pending', { count: data.pending })}</Link>
        </p>
      ) : null}
      <p className="button-row">
        {data.proposals > 0 ? (
          <Link className="button" to={path}>
            {open ? t('summary.vote') : t('summary.read')}
          </Link>
        ) : null}
        {open ? (
          <Link className={data.proposals > 0 ? 'button button--secondary' : 'button'} to={`${path}?view=propose`}>
            {t('summary.propose')}
          </Link>
        ) : null}
        {data.proposals > 0 ? (
          <Link className="button button--secondary" to={`${path}?view=results`}>
            {t('summary.results')}
          </Link>
        ) : null}
      </p>
    </div>
  );
}
