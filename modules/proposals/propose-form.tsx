import { Link, useFetcher } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormMessage, SelectField } from '../../platform/ui/form';
import { JoinPanel } from '../../platform/ui/posts/join-panel';
import type { ProposeResult, SimilarResult } from './participation-data';
import type { ProposalsPageData } from './proposals-data';
import { checkProposalText } from './rules';
import { modulePath, viewHref } from './proposals-links';
import { VotePanel } from './vote-panel';

/*
 * Proposing: the prefix stands fixed before the field, so a person types only the rest. As they
 * type, accepted proposals that look the same appear under the field, each with its vote
 * buttons: voting for an existing proposal is often better than writing it again.
 */

interface Answer<Result> {
  ok: boolean;
  intent?: string;
  result?: Result;
  errors?: Record<string, string>;
}

/** Wait after the last key before looking for look-alikes. */
const similarDelayMs = 400;
/** Below this many characters there is nothing worth comparing (the server says the same). */
const similarMinChars = 6;

/** The length the server will count: after the prefix if it was typed again, spaces collapsed. */
function lengthAfter(prefix: string, value: string): number {
  const checked = checkProposalText(value, prefix, { min: 0, max: Number.MAX_SAFE_INTEGER });
  return checked.ok ? [...checked.text].length : 0;
}

/**
 * What the character count announces to screen readers: only when a threshold is crossed (long
 * enough, few left, too long), never at every key.
 */
function countStage(length: number, min: number, max: number): 'short' | 'ok' | 'near' | 'over' {
  if (length > max) return 'over';
  if (length >= max - 20 && max - 20 > min) return 'near';
  if (length >= min) return 'ok';
  return 'short';
}

export function ProposeForm({ data, slug, instanceId, open }: { data: ProposalsPageData; slug: string; instanceId: string; open: boolean }) {
  const { t } = useTranslation('proposals');
  const proposeFetcher = useFetcher<Answer<ProposeResult>>();
  const similarFetcher = useFetcher<Answer<SimilarResult>>();
  const [body, setBody] = useState('');
  const [themeId, setThemeId] = useState('');
  const [sent, setSent] = useState<ProposeResult | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const action = modulePath(slug, instanceId);
  const { minChars: min, maxChars: max, viewer } = data;

  // Look-alikes, once the person pauses typing.
  const submitSimilar = useRef(similarFetcher.submit);
  submitSimilar.current = similarFetcher.submit;
  useEffect(() => {
    if (!viewer.signedIn || lengthAfter(data.prefix.text, body) < similarMinChars) return;
    const timer = setTimeout(() => submitSimilar.current({ intent: 'similar', body }, { method: 'post', action }), similarDelayMs);
    return () => clearTimeout(timer);
  }, [body, action, viewer.signedIn, data.prefix.text]);

  // A proposal sent: the confirmation replaces the form.
  const handled = useRef<unknown>(undefined);
  useEffect(() => {
    const answer = proposeFetcher.data;
    if (proposeFetcher.state !== 'idle' || !answer || handled.current === answer) return;
    handled.current = answer;
    if (answer.ok && answer.result) {
      setSent(answer.result);
      setBody('');
      setThemeId('');
    }
  }, [proposeFetcher.state, proposeFetcher.data]);

  if (!open) return <p className="notice">{t('propose.closed')}</p>;
  if (!viewer.mayPropose) {
    return (
      <JoinPanel
        slug={slug}
        userId={viewer.signedIn ? 'me' : null}
        mayJoin
        heading={t('propose.joinHeading')}
        intro={t('propose.joinIntro')}
        signInPrompt={t('propose.signInPrompt')}
      />
    );
  }

  if (sent) {
    return (
      <section className="proposals-sent" aria-labelledby="proposal-sent-heading">
        <h2 id="proposal-sent-heading">{t('propose.sentHeading')}</h2>
        <FormMessage tone="success">{t('propose.sent')}</FormMessage>
        <p className="proposals-sent__links">
          <Link to={viewHref('mine', data.embedded)}>{t('propose.seeMine')}</Link>
          <button type="button" className="button button--secondary" onClick={() => setSent(null)}>
            {t('propose.another')}
          </button>
          <Link to={viewHref('sequence', data.embedded)}>{t('propose.goVote')}</Link>
        </p>
      </section>
    );
  }

  const errors = proposeFetcher.state === 'idle' && proposeFetcher.data && !proposeFetcher.data.ok ? (proposeFetcher.data.errors ?? {}) : {};
  const errorText = (code: string | undefined) => (code ? t(`errors.${code}`, { min, max, defaultValue: t('errors.unknown') }) : null);
  const length = lengthAfter(data.prefix.text, body);
  const stage = countStage(length, min, max);
  const similar = viewer.signedIn && length >= similarMinChars ? (similarFetcher.data?.result?.proposals ?? []) : [];
  const bodyError = errorText(errors.body);
  const describedBy = ['proposal-body-hint', 'proposal-body-count', bodyError ? 'proposal-body-error' : null].filter(Boolean).join(' ');

  return (
    <section className="proposals-propose" aria-labelledby="propose-heading">
      <h2 id="propose-heading">{t('propose.heading')}</h2>
      <proposeFetcher.Form method="post" action={action} ref={formRef} className="stack proposals-propose__form">
        <input type="hidden" name="intent" value="propose" />
        <input type="hidden" name="source" value={data.embedded ? 'widget' : 'proposal'} />
        <div className={`field${bodyError ? ' field--invalid' : ''}`}>
          <label htmlFor="proposal-body">{t('propose.label', { prefix: data.prefix.text })}</label>
          <p className="field__hint" id="proposal-body-hint">
            {t('propose.hint', { min, max })}
          </p>
          <div className="proposals-propose__line">
            <span className="proposals-propose__prefix" lang={data.prefix.lang} aria-hidden="true">
              {data.prefix.text}
            </span>
            <textarea
              id="proposal-body"
              name="body"
              rows={3}
              value={body}
              onChange={(event) => setBody(event.target.value)}
              required
              aria-invalid={bodyError ? true : undefined}
              aria-describedby={describedBy}
              lang={data.prefix.lang}
            />
          </div>
          <p id="proposal-body-count" className={`proposals-propose__count proposals-propose__count--${stage}`}>
            {t('propose.count', { count: length, max })}
          </p>
          <p className="visually-hidden" aria-live="polite">
            {length === 0 ? '' : t(`propose.stage.${stage}`, { min, max })}
          </p>
          {bodyError ? (
            <p className="field__error" id="proposal-body-error">
              {bodyError}
            </p>
          ) : null}
        </div>
        <section className="proposals-similar" aria-labelledby="similar-heading" hidden={similar.length === 0}>
          <h3 id="similar-heading">{t('similar.heading')}</h3>
          <p>{t('similar.intro')}</p>
          <ul className="proposals-similar__list">
            {similar.map((proposal) => (
              <li key={proposal.id} className="proposals-similar__item">
                <p className="proposal-text">
                  <span lang={proposal.lang}>
                    <span className="proposal-text__prefix">{proposal.prefix}</span> {proposal.body}
                  </span>
                </p>
                {viewer.mayVote ? (
                  <VotePanel slug={slug} instanceId={instanceId} proposalId={proposal.id} cardKey={proposal.key} source="proposal" initial={proposal.myVote} />
                ) : null}
              </li>
            ))}
          </ul>
        </section>
        {data.themes.length > 0 ? (
          <SelectField
            label={t('propose.theme')}
            name="themeId"
            value={themeId}
            onChange={setThemeId}
            error={errorText(errors.themeId)}
            options={[{ value: '', label: t('propose.noTheme') }, ...data.themes.map((theme) => ({ value: theme.id, label: theme.parentId ? `— ${theme.title}` : theme.title }))]}
          />
        ) : null}
        {errors.form ? <FormMessage tone="error">{errorText(errors.form)}</FormMessage> : null}
        <p>
          <button type="submit" className="button" disabled={proposeFetcher.state !== 'idle'}>
            {proposeFetcher.state !== 'idle' ? t('propose.sending') : t('propose.submit')}
          </button>
        </p>
      </proposeFetcher.Form>

      <p className="visually-hidden" aria-live="polite">
        {similar.length > 0 ? t('similar.found', { count: similar.length }) : ''}
      </p>
    </section>
  );
}
