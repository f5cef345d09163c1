import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../platform/ui/format';
import { JoinPanel } from '../../platform/ui/posts/join-panel';
import type { ProposalsPageData } from './proposals-data';
import { viewHref } from './proposals-links';
import { VoteCounts, VotePanel } from './vote-panel';

/**
 * One proposal's page (`?proposal=<id>`): its text after the prefix, theme, author and date, its
 * status for its author and the moderators, and the vote buttons. Counts wait until the reader
 * has voted, so that they do not sway the vote.
 */
export function ProposalView({ data, slug, instanceId, locale, open }: { data: ProposalsPageData; slug: string; instanceId: string; locale: string; open: boolean }) {
  const { t } = useTranslation('proposals');
  const proposal = data.proposal;
  if (!proposal) {
    return (
      <div className="empty-state">
        <p>{t('proposal.unknown')}</p>
        <p>
          <Link to={viewHref('sequence', data.embedded)}>{t('proposal.backToVote')}</Link>
        </p>
      </div>
    );
  }
  const votable = proposal.status === 'accepted' && data.viewer.mayVote && proposal.key !== null;
  return (
    <article className="proposal-page" aria-labelledby="proposal-text">
      <h2 id="proposal-text" className="proposal-text proposal-text--large" lang={proposal.lang}>
        <span className="proposal-text__prefix">{proposal.prefix}</span> {proposal.body}
      </h2>
      <p className="proposal-page__meta">
        {proposal.authorName ? t('proposal.by', { name: proposal.authorName }) : t('proposal.byGone')} · <time dateTime={proposal.createdAt}>{formatDate(proposal.createdAt, locale)}</time>
        {proposal.theme ? (
          <>
            {' · '}
            <span className="proposal-theme">{proposal.theme}</span>
          </>
        ) : null}
      </p>
      {proposal.status !== 'accepted' ? (
        <p className={`proposal-status proposal-status--${proposal.status}`}>
          <strong>{t(`status.${proposal.status}`)}</strong>
          {proposal.status === 'pending' ? ` ${t('status.pendingHint')}` : null}
          {proposal.refusalReason ? ` ${t(`refusal.${proposal.refusalReason}`)}` : null}
        </p>
      ) : null}
      {votable ? (
        <VotePanel
          slug={slug}
          instanceId={instanceId}
          proposalId={proposal.id}
          cardKey={proposal.key}
          source={proposal.source}
          initial={proposal.myVote}
          counts={proposal.counts}
        />
      ) : proposal.counts ? (
        <VoteCounts counts={proposal.counts} />
      ) : null}
      {open && proposal.status === 'accepted' && !data.viewer.mayVote ? (
        <JoinPanel
          slug={slug}
          userId={data.viewer.signedIn ? 'me' : null}
          mayJoin
          heading={t('proposal.joinHeading')}
          intro={t('propose.joinIntro')}
          signInPrompt={t('proposal.signInToVote')}
        />
      ) : null}
      <p>
        <Link to={viewHref('sequence', data.embedded)}>{t('proposal.backToVote')}</Link>
      </p>
    </article>
  );
}
