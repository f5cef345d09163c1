import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../platform/ui/format';
import type { ProposalsPageData } from './proposals-data';
import { viewHref } from './proposals-links';
import { percentages } from './vote-panel';

/** The reader's own proposals, newest first: where each stands, why a refused one was refused, and its votes once accepted. */
export function MineView({ data, locale }: { data: ProposalsPageData; locale: string }) {
  const { t } = useTranslation('proposals');
  const proposals = data.mine?.proposals ?? [];
  if (proposals.length === 0) {
    return (
      <div className="empty-state">
        <p>{t('mine.none')}</p>
        {data.viewer.mayPropose ? (
          <p>
            <Link to={viewHref('propose', data.embedded)}>{t('mine.proposeFirst')}</Link>
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <section aria-labelledby="mine-heading" className="proposals-mine">
      <h2 id="mine-heading">{t('mine.heading')}</h2>
      <ul className="proposals-mine__list">
        {proposals.map((proposal) => {
          const shares = percentages(proposal.counts);
          return (
            <li key={proposal.id} className="proposals-mine__item">
              <p className="proposal-text" lang={proposal.lang}>
                <span className="proposal-text__prefix">{proposal.prefix}</span> {proposal.body}
              </p>
              <p className="proposals-mine__meta">
                <span className={`proposal-status proposal-status--${proposal.status}`}>{t(`status.${proposal.status}`)}</span>
                {' · '}
                <time dateTime={proposal.createdAt}>{formatDate(proposal.createdAt, locale)}</time>
                {proposal.theme ? ` · ${proposal.theme}` : null}
              </p>
              {proposal.status === 'pending' ? <p className="field__hint">{t('status.pendingHint')}</p> : null}
              {proposal.refusalReason ? (
                <p className="proposals-mine__reason">
                  <strong>{t('mine.reason')}</strong> {t(`refusal.${proposal.refusalReason}`)}
                </p>
              ) : null}
              {proposal.status === 'accepted' ? (
                <p className="proposals-mine__counts">
                  {proposal.counts.total === 0
                    ? t('mine.noVotes')
                    : t('mine.votes', { count: proposal.counts.total, agree: shares.agree, disagree: shares.disagree, neutral: shares.neutral })}{' '}
                  <Link to={viewHref('sequence', data.embedded, { proposal: proposal.id })}>{t('mine.open')}</Link>
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
