import { useActionData, useFetcher, useRevalidator } from '@remix-run/react';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormMessage } from '../../platform/ui/form';
import { useHydrated } from '../../platform/ui/posts/post-ui';
import type { Gauge, TokenVoteConfig } from './manifest';
import { CategoryChip, categoryStyle, modulePath, useNumberText, useVoteLabels } from './token-vote-labels';
import { applyMove, checkMove, type Allocation, type MoveRefusal, type TokenMove } from './tokens';
import type { Ballot, VoteItemView } from './token-vote-data';

/*
 * The voting screen: the reader's tokens left, then every item with its − and + buttons per
 * category and its gauges. The server is the authority: every change is posted, one at a time,
 * and the screen shows the ballot it answered. Changes asked while one is on its way wait in a
 * queue (laid over the ballot, so that the buttons already say what will be refused), which
 * keeps quick clicks in order and never lets an older answer overwrite a newer one.
 */

type NewChange = { itemId: string } & ({ intent: 'tokens'; category: string; op: TokenMove['op'] } | { intent: 'gauge'; gauge: string; value: string });
type Change = NewChange & { id: number };

interface VoteAnswer {
  ok: boolean;
  intent?: string;
  result?: Ballot;
  errors?: Record<string, string>;
}

/** Form-level refusals: the page no longer lets this person vote (phase closed, role lost). */
const formRefusals = new Set(['notAllowed', 'closed', 'module.closed', 'module.unknownInstance']);

const tokensOn = (allocations: readonly Allocation[], itemId: string, category: string) =>
  allocations.find((allocation) => allocation.itemId === itemId && allocation.category === category)?.tokens ?? 0;

/** The ballot as it will be once `change` is accepted (unchanged if the rules refuse it). */
function project(config: TokenVoteConfig, ballot: Ballot, change: Change): Ballot {
  if (change.intent === 'gauge') {
    const answers = { ...(ballot.gauges[change.itemId] ?? {}) };
    if (change.value === '') delete answers[change.gauge];
    else answers[change.gauge] = change.value;
    return { ...ballot, gauges: { ...ballot.gauges, [change.itemId]: answers } };
  }
  const move: TokenMove = { itemId: change.itemId, category: change.category, op: change.op };
  if (!checkMove(config, ballot.allocations, move).ok) return ballot;
  const left = { ...ballot.left, [move.category]: (ballot.left[move.category] ?? 0) + (move.op === 'add' ? -1 : 1) };
  return { ...ballot, allocations: applyMove(ballot.allocations, move), left };
}

/**
 * The reader's ballot and the changes on their way. `loaded` is the loader's ballot: a new one
 * (a reload, a revalidation after each change) is taken as it comes, since it was read after
 * every answer already received.
 */
function useBallotChanges({ config, path, loaded, onSettled }: { config: TokenVoteConfig; path: string; loaded: Ballot; onSettled: (change: Change, answer: VoteAnswer | undefined, ballot: Ballot) => void }) {
  const fetcher = useFetcher<VoteAnswer>();
  const revalidator = useRevalidator();
  const [ballot, setBallot] = useState(loaded);
  useEffect(() => setBallot(loaded), [loaded]);
  const [queue, setQueue] = useState<Change[]>([]);
  const nextId = useRef(1);
  // The change posted and not answered yet, with the fetcher's answer before it was posted.
  const sent = useRef<{ change: Change; before: unknown; busy: boolean } | null>(null);
  const settled = useRef(onSettled);
  settled.current = onSettled;

  useEffect(() => {
    const inFlight = sent.current;
    if (inFlight) {
      if (fetcher.state !== 'idle') {
        inFlight.busy = true;
        return;
      }
      // Posted, but the fetcher has not said so yet.
      if (!inFlight.busy && fetcher.data === inFlight.before) return;
      sent.current = null;
      const answer = fetcher.data;
      const next = answer?.ok && answer.result ? answer.result : ballot;
      if (answer?.ok && answer.result) setBallot(answer.result);
      settled.current(inFlight.change, answer, next);
      const refusedForm = answer && !answer.ok && formRefusals.has(answer.errors?.form ?? '');
      // Refused for the whole page: what is queued would be refused too, and the page must say why.
      setQueue((waiting) => (refusedForm ? [] : waiting.filter((change) => change.id !== inFlight.change.id)));
      if (refusedForm) revalidator.revalidate();
      return;
    }
    const next = queue[0];
    if (fetcher.state !== 'idle' || !next) return;
    sent.current = { change: next, before: fetcher.data, busy: false };
    const form = new FormData();
    form.set('intent', next.intent);
    form.set('itemId', next.itemId);
    if (next.intent === 'tokens') {
      form.set('category', next.category);
      form.set('op', next.op);
    } else {
      form.set('gauge', next.gauge);
      form.set('value', next.value);
    }
    fetcher.submit(form, { method: 'post', action: path });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- driven by the fetcher and the queue
  }, [fetcher.state, fetcher.data, queue]);

  const shown = useMemo(() => queue.reduce((projected, change) => project(config, projected, change), ballot), [config, ballot, queue]);
  const enqueue = useCallback((change: NewChange) => setQueue((waiting) => [...waiting, { ...change, id: nextId.current++ }]), []);
  const pendingItems = useMemo(() => new Set(queue.map((change) => change.itemId)), [queue]);
  return { shown, enqueue, pendingItems };
}

export function VoteScreen({
  config,
  items,
  ballot: loaded,
  mayVote,
  slug,
  instanceId,
  locale,
  defaultLanguage,
}: {
  config: TokenVoteConfig;
  items: VoteItemView[];
  ballot: Ballot | null;
  mayVote: boolean;
  slug: string;
  instanceId: string;
  locale: string;
  defaultLanguage: string;
}) {
  const { t } = useTranslation('token-vote');
  const labels = useVoteLabels(config, locale, defaultLanguage);
  const path = modulePath(slug, instanceId);
  const empty = useMemo<Ballot>(() => ({ allocations: [], left: Object.fromEntries(config.categories.map((category) => [category.key, category.budget])), gauges: {} }), [config]);
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const itemTitle = (itemId: string) => items.find((item) => item.id === itemId)?.title ?? '';

  const refusal = (code: string, itemId: string, category?: string, gauge?: Gauge) => {
    const rule = category ? items.find((item) => item.id === itemId)?.rules.categories.find((candidate) => candidate.key === category) : undefined;
    const values = {
      item: itemTitle(itemId),
      category: category ? labels.category(category).text : '',
      max: rule?.maxPerItem ?? '',
      gauge: gauge ? labels.gauge(gauge).text : '',
    };
    return t([`errors.${code}`, 'errors.generic'], values);
  };

  const { shown, enqueue, pendingItems } = useBallotChanges({
    config,
    path,
    loaded: loaded ?? empty,
    onSettled: (change, answer, ballot) => {
      if (!answer?.ok) {
        const code = answer?.errors ? (answer.errors.tokens ?? answer.errors.gauge ?? answer.errors.form ?? Object.values(answer.errors)[0] ?? 'generic') : 'generic';
        const gauge = change.intent === 'gauge' ? config.gauges.find((candidate) => candidate.key === change.gauge) : undefined;
        setErrors((previous) => ({ ...previous, [change.itemId]: refusal(code, change.itemId, change.intent === 'tokens' ? change.category : undefined, gauge) }));
        return;
      }
      // No clearing of the item's message here: a refusal said since this change was queued
      // (a click on a button the rules forbid) must stay; each new change clears it when queued.
      const item = itemTitle(change.itemId);
      if (change.intent === 'tokens') {
        setConfirmation(
          t('confirm.tokens', {
            count: tokensOn(ballot.allocations, change.itemId, change.category),
            category: labels.category(change.category).text,
            item,
            left: ballot.left[change.category] ?? 0,
          }),
        );
      } else {
        const gauge = config.gauges.find((candidate) => candidate.key === change.gauge);
        const name = gauge ? labels.gauge(gauge).text : change.gauge;
        setConfirmation(change.value === '' ? t('confirm.gaugeWithdrawn', { gauge: name, item }) : t('confirm.gauge', { gauge: name, item }));
      }
    },
  });

  const move = (event: FormEvent, itemId: string, category: string, op: TokenMove['op']) => {
    event.preventDefault();
    const verdict = checkMove(config, shown.allocations, { itemId, category, op });
    if (!verdict.ok) {
      // The button said so already (aria-disabled): say why, without asking the server.
      setErrors((previous) => ({ ...previous, [itemId]: refusal(verdict.code, itemId, category) }));
      return;
    }
    setErrors((previous) => ({ ...previous, [itemId]: '' }));
    enqueue({ intent: 'tokens', itemId, category, op });
  };
  const answerGauge = (itemId: string, gauge: string, value: string) => {
    setErrors((previous) => ({ ...previous, [itemId]: '' }));
    enqueue({ intent: 'gauge', itemId, gauge, value });
  };

  // A change posted before the script ran comes back as the page's action data.
  const posted = useActionData<VoteAnswer>();
  const postedRefusal = posted && !posted.ok && posted.errors ? Object.values(posted.errors)[0] : undefined;

  const ballot = mayVote ? shown : loaded;
  return (
    <>
      {postedRefusal ? <FormMessage tone="error">{formRefusals.has(postedRefusal) || postedRefusal === 'tooFast' ? t(`errors.${postedRefusal}`) : t('errors.notSaved')}</FormMessage> : null}
      {mayVote ? (
        <section className="token-vote-left" aria-labelledby="token-vote-left-heading">
          <h2 id="token-vote-left-heading" className="token-vote-left__heading">
            {t('left.heading')}
          </h2>
          <ul className="token-vote-left__list">
            {config.categories.map((category) => {
              const label = labels.category(category.key);
              return (
                <li key={category.key}>
                  <CategoryChip category={category} label={label} /> <span>{t('left.count', { count: shown.left[category.key] ?? 0, budget: category.budget })}</span>
                </li>
              );
            })}
          </ul>
          <p className="token-vote-left__confirmation" role="status" aria-live="polite">
            {confirmation}
          </p>
        </section>
      ) : null}

      <section aria-labelledby="token-vote-items-heading">
        <h2 id="token-vote-items-heading">{t('vote.itemsHeading')}</h2>
        {items.length === 0 ? (
          <p className="empty-state">{t('vote.noItems')}</p>
        ) : (
          <ul className="token-vote-items">
            {items.map((item) => (
              <VoteItem
                key={item.id}
                item={item}
                config={config}
                ballot={ballot}
                mayVote={mayVote}
                pending={pendingItems.has(item.id)}
                error={errors[item.id] ?? ''}
                path={path}
                locale={locale}
                defaultLanguage={defaultLanguage}
                onMove={move}
                onGauge={answerGauge}
              />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function VoteItem({
  item,
  config,
  ballot,
  mayVote,
  pending,
  error,
  path,
  locale,
  defaultLanguage,
  onMove,
  onGauge,
}: {
  item: VoteItemView;
  config: TokenVoteConfig;
  ballot: Ballot | null;
  mayVote: boolean;
  pending: boolean;
  error: string;
  path: string;
  locale: string;
  defaultLanguage: string;
  onMove: (event: FormEvent, itemId: string, category: string, op: TokenMove['op']) => void;
  onGauge: (itemId: string, gauge: string, value: string) => void;
}) {
  const { t } = useTranslation('token-vote');
  const labels = useVoteLabels(config, locale, defaultLanguage);
  const headingId = `token-vote-item-${item.id}`;
  const allocations = ballot?.allocations ?? [];
  const refusalOf = (category: string, op: TokenMove['op']): MoveRefusal | null => {
    const verdict = checkMove(config, allocations, { itemId: item.id, category, op });
    return verdict.ok ? null : verdict.code;
  };
  const placedAny = item.rules.categories.some((rule) => tokensOn(allocations, item.id, rule.key) > 0);

  return (
    <li className={`token-vote-item panel${pending ? ' token-vote-item--pending' : ''}`} aria-labelledby={headingId}>
      <h3 id={headingId}>{item.title}</h3>
      {item.description ? <p className="token-vote-item__description">{item.description}</p> : null}
      <p className="token-vote-item__source">
        <a href={item.sourcePath}>{t('vote.source', { count: item.extracts })}</a>
      </p>

      {mayVote ? (
        <div className="token-vote-controls">
          {item.rules.categories.map((rule) => {
            const category = labels.categoryOf(rule.key);
            if (!category) return null;
            const label = labels.category(rule.key);
            const placed = tokensOn(allocations, item.id, rule.key);
            const groupId = `token-vote-${item.id}-${rule.key}`;
            return (
              <div key={rule.key} className="token-vote-control" role="group" aria-labelledby={`${groupId}-label ${groupId}-count`}>
                <span id={`${groupId}-label`} className="token-vote-chip token-vote-control__label" style={categoryStyle(category)} lang={label.lang}>
                  {label.text}
                </span>
                <span className="token-vote-control__buttons">
                  <TokenButton
                    path={path}
                    itemId={item.id}
                    category={rule.key}
                    op="remove"
                    refused={refusalOf(rule.key, 'remove') !== null}
                    name={t('vote.remove', { category: label.text, item: item.title })}
                    onMove={onMove}
                  />
                  <span id={`${groupId}-count`} className="token-vote-control__count">
                    {t('vote.placed', { count: placed })}
                  </span>
                  <TokenButton
                    path={path}
                    itemId={item.id}
                    category={rule.key}
                    op="add"
                    refused={refusalOf(rule.key, 'add') !== null}
                    name={t('vote.add', { category: label.text, item: item.title })}
                    onMove={onMove}
                  />
                </span>
              </div>
            );
          })}
        </div>
      ) : placedAny ? (
        <ul className="token-vote-placed">
          {item.rules.categories.map((rule) => {
            const category = labels.categoryOf(rule.key);
            const placed = tokensOn(allocations, item.id, rule.key);
            if (!category || placed === 0) return null;
            return (
              <li key={rule.key}>
                <CategoryChip category={category} label={labels.category(rule.key)} /> {t('vote.yourTokens', { count: placed })}
              </li>
            );
          })}
        </ul>
      ) : null}

      {item.rules.gauges.map((gauge) => (
        <GaugeAnswer
          key={gauge.key}
          gauge={gauge}
          item={item}
          saved={ballot?.gauges[item.id]?.[gauge.key] ?? null}
          mayVote={mayVote}
          path={path}
          config={config}
          locale={locale}
          defaultLanguage={defaultLanguage}
          onGauge={onGauge}
        />
      ))}

      <p className="token-vote-item__error" role="alert">
        {error}
      </p>
    </li>
  );
}

/**
 * A − or + button. It stays focusable when the rules refuse it (aria-disabled rather than
 * disabled), so that keyboard focus is not lost on the last token and pressing it says why.
 * It is a form of its own: before the script runs, it still works as a plain post.
 */
function TokenButton({
  path,
  itemId,
  category,
  op,
  refused,
  name,
  onMove,
}: {
  path: string;
  itemId: string;
  category: string;
  op: TokenMove['op'];
  refused: boolean;
  name: string;
  onMove: (event: FormEvent, itemId: string, category: string, op: TokenMove['op']) => void;
}) {
  return (
    <form method="post" action={path} className="token-vote-control__form" onSubmit={(event) => onMove(event, itemId, category, op)}>
      <input type="hidden" name="intent" value="tokens" />
      <input type="hidden" name="itemId" value={itemId} />
      <input type="hidden" name="category" value={category} />
      <input type="hidden" name="op" value={op} />
      <button type="submit" className={`token-vote-button token-vote-button--${op}`} aria-label={name} aria-disabled={refused || undefined}>
        <span aria-hidden="true">{op === 'add' ? '+' : '−'}</span>
      </button>
    </form>
  );
}

function GaugeAnswer({
  gauge,
  item,
  saved,
  mayVote,
  path,
  config,
  locale,
  defaultLanguage,
  onGauge,
}: {
  gauge: Gauge;
  item: VoteItemView;
  saved: number | string | null;
  mayVote: boolean;
  path: string;
  config: TokenVoteConfig;
  locale: string;
  defaultLanguage: string;
  onGauge: (itemId: string, gauge: string, value: string) => void;
}) {
  const { t } = useTranslation('token-vote');
  const labels = useVoteLabels(config, locale, defaultLanguage);
  const numbers = useNumberText(locale);
  const hydrated = useHydrated();
  const name = labels.gauge(gauge);
  const id = `token-vote-gauge-${item.id}-${gauge.key}`;
  const unit = labels.unit(gauge);
  const savedText =
    saved === null || saved === '' ? null : gauge.type === 'numeric' ? numbers.number(Number(saved), unit) : labels.choice(gauge, String(saved)).text;

  if (!mayVote) {
    return savedText ? (
      <p className="token-vote-gauge">
        <span lang={name.lang}>{name.text}</span> : {t('gauge.yourAnswer', { answer: savedText })}
      </p>
    ) : null;
  }

  const hidden = (
    <>
      <input type="hidden" name="intent" value="gauge" />
      <input type="hidden" name="itemId" value={item.id} />
      <input type="hidden" name="gauge" value={gauge.key} />
    </>
  );
  const withdraw =
    savedText !== null ? (
      <form
        method="post"
        action={path}
        className="token-vote-gauge__withdraw"
        onSubmit={(event) => {
          event.preventDefault();
          onGauge(item.id, gauge.key, '');
        }}
      >
        {hidden}
        <input type="hidden" name="value" value="" />
        <button type="submit" className="button button--secondary" aria-label={t('gauge.withdrawFor', { gauge: name.text, item: item.title })}>
          {t('gauge.withdraw')}
        </button>
      </form>
    ) : null;

  if (gauge.type === 'numeric') {
    return (
      <div className="token-vote-gauge">
        <form
          method="post"
          action={path}
          className="token-vote-gauge__numeric"
          onSubmit={(event) => {
            event.preventDefault();
            const value = new FormData(event.currentTarget).get('value');
            onGauge(item.id, gauge.key, typeof value === 'string' ? value : '');
          }}
        >
          {hidden}
          <div className="field">
            <label htmlFor={id} lang={name.lang}>
              {unit ? t('gauge.numericLabel', { gauge: name.text, unit }) : name.text}
            </label>
            <p className="field__hint" id={`${id}-hint`}>
              {t('gauge.range', { min: numbers.number(gauge.min, unit), max: numbers.number(gauge.max, unit), step: numbers.number(gauge.step) })}
            </p>
            <div className="token-vote-gauge__row">
              <input
                key={String(saved)}
                id={id}
                name="value"
                type="number"
                inputMode="decimal"
                min={gauge.min}
                max={gauge.max}
                step={gauge.step}
                defaultValue={saved === null ? '' : String(saved)}
                aria-describedby={`${id}-hint`}
              />
              {unit ? <span aria-hidden="true">{unit}</span> : null}
              <button type="submit" className="button" aria-label={t('gauge.saveFor', { gauge: name.text, item: item.title })}>
                {t('gauge.save')}
              </button>
            </div>
          </div>
          {savedText !== null ? <p className="token-vote-gauge__saved">{t('gauge.yourAnswer', { answer: savedText })}</p> : null}
        </form>
        {withdraw}
      </div>
    );
  }

  return (
    <div className="token-vote-gauge">
      <form
        method="post"
        action={path}
        onSubmit={(event) => {
          event.preventDefault();
          const value = new FormData(event.currentTarget).get('value');
          if (typeof value === 'string') onGauge(item.id, gauge.key, value);
        }}
      >
        {hidden}
        <fieldset className="token-vote-gauge__choices">
          <legend lang={name.lang}>{name.text}</legend>
          {gauge.choices.map((choice) => {
            const label = labels.pick(choice.label);
            return (
              <label key={choice.key} className="token-vote-gauge__choice" lang={label.lang}>
                <input
                  type="radio"
                  name="value"
                  value={choice.key}
                  checked={saved === choice.key}
                  // Saved as soon as it is chosen; the arrow keys move through the choices the same way.
                  onChange={() => onGauge(item.id, gauge.key, choice.key)}
                />{' '}
                {label.text}
              </label>
            );
          })}
        </fieldset>
        {/* Without the script, choosing is not saving: a button does it. */}
        {!hydrated ? (
          <button type="submit" className="button" aria-label={t('gauge.saveFor', { gauge: name.text, item: item.title })}>
            {t('gauge.save')}
          </button>
        ) : null}
      </form>
      {withdraw}
    </div>
  );
}
