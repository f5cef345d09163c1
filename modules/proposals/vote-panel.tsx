import { useFetcher } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VoteKind, VoteSource } from '../../platform/db/schema';
import type { MyVote, ProposalCounts, VoteOutcome } from './participation-data';
import { modulePath } from './proposals-links';
import { qualificationsByVote, voteKinds } from './rules';

/*
 * Voting on one proposal: agree, disagree or neutral, then the qualifications that go with the
 * chosen vote. Used on a proposal's page, under the propose form's look-alikes, and on each card
 * of the sequence. The server is the authority: the panel shows what it answered; while a
 * request is on its way the buttons wait (a second click would race the first).
 */

interface ActionAnswer {
  ok: boolean;
  intent?: string;
  result?: VoteOutcome;
  errors?: Record<string, string>;
}

/** The share of each vote in whole percents, for the bars shown after voting. */
export function percentages(counts: ProposalCounts): Record<VoteKind, number> {
  const share = (value: number) => (counts.total === 0 ? 0 : Math.round((value / counts.total) * 100));
  return { agree: share(counts.agree), disagree: share(counts.disagree), neutral: share(counts.neutral) };
}

export function VotePanel({
  slug,
  instanceId,
  proposalId,
  cardKey,
  source,
  initial,
  counts: initialCounts = null,
  onVoted,
  disabled = false,
}: {
  slug: string;
  instanceId: string;
  proposalId: string;
  /** The card key served with the proposal (without it the vote is kept but not counted). */
  cardKey: string | null;
  source: VoteSource;
  initial: MyVote | null;
  /** The counts already known (a proposal's page, after the reader voted). */
  counts?: ProposalCounts | null;
  onVoted?: (outcome: VoteOutcome) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation('proposals');
  const fetcher = useFetcher<ActionAnswer>();
  const [mine, setMine] = useState<MyVote | null>(initial);
  const [counts, setCounts] = useState<ProposalCounts | null>(initialCounts);
  const [announce, setAnnounce] = useState('');
  const [error, setError] = useState<string | null>(null);
  const voted = useRef(onVoted);
  voted.current = onVoted;
  const handled = useRef<ActionAnswer | undefined>(undefined);

  useEffect(() => {
    const answer = fetcher.data;
    if (fetcher.state !== 'idle' || !answer || handled.current === answer) return;
    handled.current = answer;
    if (answer.ok && answer.result) {
      const outcome = answer.result;
      setMine({ vote: outcome.vote, qualifications: outcome.qualifications });
      setCounts(outcome.counts);
      setError(null);
      setAnnounce(answer.intent === 'qualify' ? t('vote.qualified') : t('vote.recorded', { vote: t(`vote.${outcome.vote}`) }));
      voted.current?.(outcome);
    } else {
      const code = Object.values(answer.errors ?? {})[0] ?? 'unknown';
      setError(t(`errors.${code}`, { defaultValue: t('errors.unknown') }));
    }
  }, [fetcher.state, fetcher.data, t]);

  const busy = fetcher.state !== 'idle';
  const action = modulePath(slug, instanceId);
  const send = (fields: Record<string, string>) => {
    if (busy || disabled) return;
    fetcher.submit({ ...fields, proposalId, ...(cardKey ? { key: cardKey } : {}), source }, { method: 'post', action });
  };
  const groupId = `vote-${proposalId}`;

  return (
    <div className="proposal-vote" aria-busy={busy || undefined}>
      <div className="proposal-vote__choices" role="group" aria-labelledby={`${groupId}-label`}>
        <span id={`${groupId}-label`} className="visually-hidden">
          {t('vote.label')}
        </span>
        {voteKinds.map((vote) => (
          <button
            key={vote}
            type="button"
            className={`proposal-vote__button proposal-vote__button--${vote}`}
            aria-pressed={mine?.vote === vote}
            disabled={disabled}
            onClick={() => (mine?.vote === vote ? undefined : send({ intent: 'vote', vote }))}
          >
            {t(`vote.${vote}`)}
          </button>
        ))}
      </div>
      {mine ? (
        <div className="proposal-vote__qualifications" role="group" aria-label={t('vote.qualifyLabel', { vote: t(`vote.${mine.vote}`) })}>
          {qualificationsByVote[mine.vote].map((qualification) => {
            const on = mine.qualifications.includes(qualification);
            return (
              <button
                key={qualification}
                type="button"
                className="proposal-vote__qualification"
                aria-pressed={on}
                disabled={disabled}
                onClick={() => send({ intent: 'qualify', qualification, on: on ? '0' : '1' })}
              >
                {t(`qualification.${qualification}`)}
              </button>
            );
          })}
        </div>
      ) : null}
      {mine && counts ? <VoteCounts counts={counts} /> : null}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** How the trusted votes split, once the reader has voted (before, it would sway them). */
export function VoteCounts({ counts }: { counts: ProposalCounts }) {
  const { t } = useTranslation('proposals');
  const shares = percentages(counts);
  return (
    <div className="proposal-counts">
      <p className="proposal-counts__total">{t('counts.total', { count: counts.total })}</p>
      {counts.total > 0 ? (
        <ul className="proposal-counts__bars">
          {voteKinds.map((vote) => (
            <li key={vote} className={`proposal-counts__bar proposal-counts__bar--${vote}`}>
              <span className="proposal-counts__label">{t(`vote.${vote}`)}</span>
              <span className="proposal-counts__track" aria-hidden="true">
                <span className="proposal-counts__fill" style={{ width: `${shares[vote]}%` }} />
              </span>
              <span className="proposal-counts__value">{t('counts.percent', { value: shares[vote] })}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
