import { Link, useFetcher } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormMessage } from '../../platform/ui/form';
import { JoinPanel } from '../../platform/ui/posts/join-panel';
import type { VoteOutcome } from './participation-data';
import type { ProposalsPageData } from './proposals-data';
import { modulePath, viewHref } from './proposals-links';
import type { SequenceCard, SequenceData } from './sequence-data';
import { VotePanel } from './vote-panel';

/*
 * The card stack: the fair sequence's proposals one at a time. The reader votes (and may
 * qualify), sees how others voted, and goes on; or skips. At the end of a stack they ask for
 * another one or go and propose their own. Focus follows the reader: each new card's heading
 * takes it, so that a screen reader reads the proposal and the keyboard carries on from there.
 *
 * The stack is the reader's from the moment it is served: the page's data is revalidated after
 * each vote and comes with another stack, which must not replace the one being read. A new stack
 * comes when the reader asks for one, or when theirs cannot serve (empty, or without keys
 * because it was served before they joined).
 */

interface NextAnswer {
  ok: boolean;
  intent?: string;
  result?: SequenceData;
  errors?: Record<string, string>;
}

/** Refusals of "another stack" that have words of their own. */
const knownErrors: Record<string, string> = { 'module.closed': 'closed', 'module.unknownInstance': 'closed', tooFast: 'tooFast' };

export function CardStack({
  page,
  slug,
  instanceId,
  open = true,
}: {
  page: ProposalsPageData;
  slug: string;
  instanceId: string;
  locale: string;
  defaultLanguage: string;
  /** False once the phase is over: the cards are read, not voted (the page says why). */
  open?: boolean;
}) {
  const { t } = useTranslation('proposals-sequence');
  const fetcher = useFetcher<NextAnswer>();
  const [stack, setStack] = useState<SequenceData | null>(page.sequence);
  const [index, setIndex] = useState(0);
  // The cards of this stack the reader voted on, and all their votes in this consultation.
  const [votedHere, setVotedHere] = useState<ReadonlySet<string>>(new Set());
  const [votedBefore, setVotedBefore] = useState(page.sequence?.voted ?? 0);
  const [error, setError] = useState<string | null>(null);
  const focusTarget = useRef<HTMLHeadingElement>(null);
  // Asked when a card or the stack's end comes: focus moves once that is drawn.
  const [focusRequest, setFocusRequest] = useState(0);
  const handled = useRef<NextAnswer | undefined>(undefined);

  const start = (next: SequenceData) => {
    setStack(next);
    setIndex(0);
    setVotedHere(new Set());
    setVotedBefore(next.voted);
    setFocusRequest((request) => request + 1);
  };

  // The page's stack replaces the reader's only when theirs cannot serve: it was empty (proposals
  // accepted since, a phase opened), or it was served before they joined and has no keys.
  useEffect(() => {
    const fresh = page.sequence;
    if (!fresh || !stack || fresh === stack) return;
    const empty = stack.cards.length === 0 && fresh.cards.length > 0;
    const keyless = page.viewer.mayVote && stack.cards.some((card) => card.key === null) && fresh.cards.every((card) => card.key !== null);
    if (empty || keyless) start(fresh);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the page brings a new stack
  }, [page.sequence, page.viewer.mayVote]);

  useEffect(() => {
    const answer = fetcher.data;
    if (fetcher.state !== 'idle' || !answer || handled.current === answer) return;
    handled.current = answer;
    if (answer.ok && answer.result) {
      setError(null);
      start(answer.result);
    } else {
      const code = Object.values(answer.errors ?? {})[0] ?? '';
      setError(t(`errors.${knownErrors[code] ?? 'generic'}`));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- driven by the fetcher
  }, [fetcher.state, fetcher.data, t]);

  useEffect(() => {
    if (focusRequest > 0) focusTarget.current?.focus();
  }, [focusRequest]);

  if (!stack) return null;
  const { viewer, embedded } = page;
  const cards = stack.cards;
  const card: SequenceCard | undefined = cards[index];
  const voted = card ? votedHere.has(card.id) : false;
  const votes = votedBefore + votedHere.size;

  const goOn = () => {
    setIndex((current) => current + 1);
    setFocusRequest((request) => request + 1);
  };
  const onVoted = (outcome: VoteOutcome) => setVotedHere((previous) => (previous.has(outcome.proposalId) ? previous : new Set(previous).add(outcome.proposalId)));
  const busy = fetcher.state !== 'idle';

  return (
    <section className={`card-stack${embedded ? ' card-stack--embedded' : ''}`} aria-labelledby="card-stack-heading">
      <h2 id="card-stack-heading" className={embedded ? 'visually-hidden' : 'card-stack__heading'}>
        {t('heading')}
      </h2>
      {embedded ? null : <p className="card-stack__intro">{t('intro')}</p>}
      {open && !viewer.mayVote ? (
        <JoinPanel slug={slug} userId={viewer.signedIn ? 'me' : null} mayJoin heading={t('join.heading')} intro={t('join.intro')} signInPrompt={t('join.signInPrompt')} />
      ) : null}
      {viewer.signedIn && votes > 0 ? <p className="card-stack__votes">{t('votes', { count: votes })}</p> : null}

      {cards.length === 0 ? (
        <div className="empty-state card-stack__exhausted">
          <h3 className="card-stack__end-heading" tabIndex={-1} ref={focusTarget}>
            {votes > 0 ? t('exhausted.allSeenHeading') : t('exhausted.noneHeading')}
          </h3>
          <p>{votes > 0 ? t('exhausted.allSeen') : t('exhausted.none')}</p>
          <Link to={viewHref('propose', embedded)} className="button button--secondary">
            {t('end.propose')}
          </Link>
        </div>
      ) : card ? (
        <article className="card-stack__card" aria-labelledby={`card-${card.id}`}>
          <div className="card-stack__progress">
            <p className="card-stack__count" id="card-stack-position" aria-hidden="true">
              {t('progress', { current: index + 1, total: cards.length })}
            </p>
            <div
              className="card-stack__bar"
              role="progressbar"
              aria-label={t('progressLabel')}
              aria-valuemin={0}
              aria-valuemax={cards.length}
              aria-valuenow={index + 1}
              aria-valuetext={t('progressText', { current: index + 1, total: cards.length })}
            >
              <span className="card-stack__bar-fill" style={{ width: `${((index + 1) / cards.length) * 100}%` }} />
            </div>
          </div>
          <h3 id={`card-${card.id}`} className="proposal-text proposal-text--large card-stack__text" lang={card.lang} tabIndex={-1} ref={focusTarget} aria-describedby="card-stack-position">
            <span className="proposal-text__prefix">{card.prefix}</span>
            {` ${card.body}`}
          </h3>
          {card.theme ? <p className="card-stack__theme">{t('theme', { theme: card.theme })}</p> : null}
          {viewer.mayVote ? (
            <VotePanel key={card.id} slug={slug} instanceId={instanceId} proposalId={card.id} cardKey={card.key} source={stack.source} initial={null} onVoted={onVoted} />
          ) : null}
          <div className="card-stack__actions">
            {voted ? (
              <button type="button" className="button" onClick={goOn}>
                {index + 1 < cards.length ? t('next') : t('finish')}
              </button>
            ) : (
              <button type="button" className="button button--secondary" onClick={goOn} aria-label={t('skipLabel')}>
                {t('skip')}
              </button>
            )}
            {embedded ? null : (
              <Link to={viewHref('sequence', embedded, { proposal: card.id })} className="card-stack__open">
                {t('open')}
              </Link>
            )}
          </div>
        </article>
      ) : (
        <div className="card-stack__end">
          <h3 className="card-stack__end-heading" tabIndex={-1} ref={focusTarget}>
            {t('end.heading')}
          </h3>
          <p>{votedHere.size > 0 ? t('end.summary', { count: votedHere.size, total: cards.length }) : t('end.summaryNone')}</p>
          <div className="card-stack__actions">
            <fetcher.Form method="post" action={modulePath(slug, instanceId)}>
              <input type="hidden" name="intent" value="next" />
              <input type="hidden" name="source" value={stack.source} />
              <button type="submit" className="button" disabled={busy}>
                {busy ? t('end.loading') : t('end.another')}
              </button>
            </fetcher.Form>
            <Link to={viewHref('propose', embedded)} className="button button--secondary">
              {t('end.propose')}
            </Link>
          </div>
          {error ? <FormMessage tone="error">{error}</FormMessage> : null}
        </div>
      )}
    </section>
  );
}
