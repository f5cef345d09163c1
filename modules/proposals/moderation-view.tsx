import { Link } from '@remix-run/react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../platform/ui/format';
import { FormMessage, SelectField, TextAreaField, Field } from '../../platform/ui/form';
import { AssistancePanel } from './moderation-assistance';
import { BulkSection, IdeaGroups } from './moderation-bulk';
import type { DecideResult, HeldProposal, ModerationData, TakeResult } from './moderation-data';
import { reasonIndexOf, reasonKey, ShortcutsHelp, useShortcutKeys } from './moderation-shortcuts';
import { errorCodeOf, formatTime, LiveStatus, useAnnouncement, useModerationAction, useModerationError, useModerationLive } from './moderation-ui';
import type { ProposalsPageData } from './proposals-data';
import { modulePath, viewHref } from './proposals-links';

/*
 * The moderators' workspace: the proposal a moderator holds, in large type, with the machine's
 * suggestions beside it (below it on a phone) and the decision controls; a button and the N key
 * to take the next one; then every waiting proposal for decisions in bulk and for grouping
 * duplicates into ideas. The page follows the instance live: another moderator's decision
 * updates the counts and the list.
 */

export interface ModerationViewProps {
  page: ProposalsPageData;
  slug: string;
  instanceId: string;
  locale: string;
  defaultLanguage: string;
}

export function ModerationView({ page, slug, instanceId, locale }: ModerationViewProps) {
  const { t } = useTranslation('proposals-moderation');
  const data = page.moderation;
  const live = useModerationLive(slug, instanceId);
  const path = modulePath(slug, instanceId);
  const errorText = useModerationError();
  const [message, announce] = useAnnouncement();
  const [includePostponed, setIncludePostponed] = useState(false);
  const [autoNext, setAutoNext] = useState(true);
  const [takeError, setTakeError] = useState<string | null>(null);
  const takeButton = useRef<HTMLButtonElement>(null);

  // The confirmation of a decision, said again with the proposal taken after it.
  const decidedNote = useRef('');
  const take = useModerationAction<TakeResult>(path, (answer) => {
    const note = decidedNote.current;
    decidedNote.current = '';
    if (!answer.ok) {
      setTakeError(errorText(errorCodeOf(answer)));
      return;
    }
    setTakeError(null);
    announce([note, answer.result ? t('take.taken', { body: answer.result.body }) : t('take.none')].filter(Boolean).join(' '));
    // The page has been read again by now: the taken proposal is on screen, its heading takes the focus.
    if (answer.result) document.getElementById('moderation-held-heading')?.focus();
    else takeButton.current?.focus();
  });
  const takeNext = () => {
    if (!take.busy) take.submit([['intent', 'take'], ...(includePostponed ? ([['include', 'postponed']] as [string, string][]) : [])]);
  };

  // Decisions are answered here rather than in the held proposal's panel: the page is read again
  // before the answer arrives, and the decided proposal's panel is gone by then.
  const [decisionErrors, setDecisionErrors] = useState<Record<string, string>>({});
  const decidedReason = useRef('');
  const decision = useModerationAction<DecideResult>(path, (answer) => {
    if (!answer.ok || !answer.result) {
      setDecisionErrors(answer.errors ?? { form: 'generic' });
      return;
    }
    setDecisionErrors({});
    const done = t(`decide.done.${answer.result.status}`, { reason: decidedReason.current ? t(`reason.${decidedReason.current}`) : '' });
    if (autoNext) {
      decidedNote.current = done;
      takeNext();
    } else {
      announce(done);
      takeButton.current?.focus();
    }
  });
  const submitDecision = (fields: [string, string][], reason: string) => {
    decidedReason.current = reason;
    decision.submit(fields);
  };
  const release = useModerationAction<{ released: boolean }>(path, (answer) => {
    if (!answer.ok) return setDecisionErrors(answer.errors ?? { form: 'generic' });
    announce(t('take.released'));
    takeButton.current?.focus();
  });
  const heldId = data?.held?.id;
  // A newly held proposal starts without the previous one's errors.
  useEffect(() => {
    if (heldId) setDecisionErrors({});
  }, [heldId]);

  if (!data) return null;
  const held = data.held;

  return (
    <section className="moderation" aria-labelledby="moderation-heading">
      <header className="moderation__header">
        <h2 id="moderation-heading">{t('workspace.heading')}</h2>
        <p>{t('workspace.intro')}</p>
        <p className="moderation__counts">
          <strong>{t('workspace.pending', { count: data.pending })}</strong>
          {data.postponed > 0 ? <span> · {t('workspace.postponed', { count: data.postponed })}</span> : null}
          {' · '}
          <Link to={viewHref('supervise', page.embedded)}>{t('workspace.toSupervision')}</Link>
        </p>
        <LiveStatus status={live} />
      </header>

      <p className="moderation__announcement" role="status" aria-live="polite">
        {message}
      </p>

      <ShortcutsHelp />

      {held ? (
        <HeldProposalPanel
          key={held.id}
          held={held}
          data={data}
          path={path}
          locale={locale}
          announce={announce}
          submitDecision={submitDecision}
          busy={decision.busy || release.busy}
          errors={decisionErrors}
          setErrors={setDecisionErrors}
          onRelease={() => release.submit([['intent', 'release'], ['proposalId', held.id]])}
          onNext={takeNext}
        />
      ) : (
        <NoHeldProposal pending={data.pending} postponed={data.postponed} includePostponed={includePostponed} onNext={takeNext} />
      )}

      <div className="moderation-take">
        {/* Not disabled while busy: a disabled button would lose the keyboard focus. */}
        <button ref={takeButton} type="button" className="button" onClick={takeNext} aria-disabled={take.busy || undefined} aria-keyshortcuts="N">
          {t('take.button')}
        </button>
        <label className="checkbox">
          <input type="checkbox" checked={includePostponed} onChange={(event) => setIncludePostponed(event.target.checked)} />
          {t('take.includePostponed')}
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={autoNext} onChange={(event) => setAutoNext(event.target.checked)} />
          {t('take.autoNext')}
        </label>
        {takeError ? <FormMessage tone="error">{takeError}</FormMessage> : null}
        {/* A decision refused after the proposal left this moderator (their lock had expired and someone else took it). */}
        {!held && decisionErrors.form ? <FormMessage tone="error">{errorText(decisionErrors.form)}</FormMessage> : null}
      </div>

      <BulkSection data={data} path={path} locale={locale} embedded={page.embedded} announce={announce} />
      <IdeaGroups data={data} path={path} announce={announce} />
    </section>
  );
}

/** Nothing held: says whether anything waits; N still takes the next one. */
function NoHeldProposal({ pending, postponed, includePostponed, onNext }: { pending: number; postponed: number; includePostponed: boolean; onNext: () => void }) {
  const { t } = useTranslation('proposals-moderation');
  useShortcutKeys((key) => {
    if (key !== 'n') return false;
    onNext();
    return true;
  });
  const waiting = pending + (includePostponed ? postponed : 0);
  return (
    <div className="moderation-held moderation-held--empty">
      {waiting === 0 ? (
        <div className="empty-state">
          <p>{t('take.empty')}</p>
          <p>{t('take.emptyHint')}</p>
        </div>
      ) : null}
    </div>
  );
}

interface HeldProps {
  held: HeldProposal;
  data: ModerationData;
  path: string;
  locale: string;
  announce: (message: string) => void;
  /** Posts a decision (`reason` names the refusal reason, for the confirmation). */
  submitDecision: (fields: [string, string][], reason: string) => void;
  busy: boolean;
  errors: Record<string, string>;
  setErrors: (errors: Record<string, string>) => void;
  onRelease: () => void;
  onNext: () => void;
}

/** The proposal the moderator holds, its suggestions, and the decisions. */
function HeldProposalPanel({ held, data, path, locale, announce, submitDecision, busy, errors, setErrors, onRelease, onNext }: HeldProps) {
  const { t } = useTranslation('proposals-moderation');
  const errorText = useModerationError();
  const [body, setBody] = useState(held.body);
  const [tags, setTags] = useState(held.tags.join(', '));
  // The suggested theme is pre-selected, and applied only if the moderator accepts.
  const [themeId, setThemeId] = useState(held.themeId ?? held.assistance.suggestedThemeId ?? '');
  const [reason, setReason] = useState('');
  const [refusing, setRefusing] = useState(false);
  const prefix = held.prefix;
  const reasonsLegend = useRef<HTMLLegendElement>(null);

  const decide = (kind: 'accept' | 'refuse' | 'postpone' | 'archive', chosenReason = reason) => {
    const fields: [string, string][] = [
      ['intent', 'decide'],
      ['proposalId', held.id],
      ['decision', kind],
    ];
    if (kind === 'accept') fields.push(['body', body], ['tags', tags], ['themeId', themeId]);
    if (kind === 'refuse') {
      if (!chosenReason) {
        setErrors({ reason: 'reason.required' });
        reasonsLegend.current?.focus();
        return;
      }
      fields.push(['reason', chosenReason]);
    }
    submitDecision(fields, kind === 'refuse' ? chosenReason : '');
  };
  const onSubmit = (kind: 'accept' | 'refuse') => (event: FormEvent) => {
    event.preventDefault();
    decide(kind);
  };

  useShortcutKeys((key) => {
    if (busy) return false;
    if (refusing) {
      const index = reasonIndexOf(key);
      if (index !== null && data.refusalReasons[index]) {
        const chosen = data.refusalReasons[index]!;
        setReason(chosen);
        setRefusing(false);
        decide('refuse', chosen);
        return true;
      }
      if (key === 'escape') {
        setRefusing(false);
        announce(t('shortcuts.cancelled'));
        return true;
      }
      return false;
    }
    switch (key) {
      case 'a':
        decide('accept');
        return true;
      case 'r':
        setRefusing(true);
        announce(t('shortcuts.chooseReason'));
        reasonsLegend.current?.focus();
        return true;
      case 'p':
        decide('postpone');
        return true;
      case 'n':
        onNext();
        return true;
      default:
        return false;
    }
  });

  const formError = errors.form ? errorText(errors.form) : null;
  const themeOptions = [
    { value: '', label: t('decide.noTheme') },
    ...data.themes.map((theme) => ({
      value: theme.id,
      label: `${theme.parentId ? '— ' : ''}${theme.id === held.assistance.suggestedThemeId ? t('decide.suggested', { theme: theme.title }) : theme.title}`,
    })),
  ];

  return (
    <article className="moderation-held" aria-labelledby="moderation-held-heading">
      <div className="moderation-held__main">
        <h3 id="moderation-held-heading" tabIndex={-1} className="moderation-held__heading">
          {t('held.heading')}
        </h3>
        <p className="moderation-held__text" lang={held.language}>
          <span className="moderation-held__prefix">{prefix}… </span>
          {held.body}
        </p>
        {held.originalBody !== held.body ? (
          <p className="muted">
            {t('held.original')} <q lang={held.language}>{held.originalBody}</q>
          </p>
        ) : null}
        <p className="muted moderation-held__meta">
          {t('held.submitted', { date: formatDate(held.createdAt, locale) })}
          {held.authorName ? ` · ${t('held.author', { name: held.authorName })}` : ''}
        </p>
        {held.status === 'postponed' ? <p className="notice">{t('held.postponedBefore')}</p> : null}
        {held.ideaId ? <p className="muted">{t('held.inIdea')}</p> : null}
        <p className="muted">{t('take.heldUntil', { time: formatTime(held.lockedUntil, locale) })}</p>
      </div>

      <AssistancePanel assistance={held.assistance} themes={data.themes} locale={locale} />

      <div className="moderation-decide" role="group" aria-label={t('decide.legend')}>
        {formError ? <FormMessage tone="error">{formError}</FormMessage> : null}

        <form className="moderation-decide__accept" method="post" action={path} onSubmit={onSubmit('accept')}>
          <h4>{t('decide.acceptHeading')}</h4>
          <input type="hidden" name="intent" value="decide" />
          <input type="hidden" name="proposalId" value={held.id} />
          <input type="hidden" name="decision" value="accept" />
          <TextAreaField
            id="moderation-body"
            name="body"
            label={t('decide.body', { prefix })}
            hint={t('decide.bodyHint')}
            error={errors.body ? errorText(errors.body) : null}
            value={body}
            onChange={(event) => setBody(event.target.value)}
            rows={3}
            lang={held.language}
          />
          <Field
            id="moderation-tags"
            name="tags"
            label={t('decide.tags')}
            hint={t('decide.tagsHint')}
            error={errors.tags ? errorText(errors.tags) : null}
            value={tags}
            onChange={(event) => setTags(event.target.value)}
            autoComplete="off"
          />
          <SelectField id="moderation-theme" name="themeId" label={t('decide.theme')} options={themeOptions} value={themeId} onChange={setThemeId} error={errors.themeId ? errorText(errors.themeId) : null} />
          <button type="submit" className="button moderation-decide__accept-button" disabled={busy} aria-keyshortcuts="A">
            {t('decide.accept')} <kbd aria-hidden="true">A</kbd>
          </button>
        </form>

        <form className="moderation-decide__refuse" method="post" action={path} onSubmit={onSubmit('refuse')}>
          <input type="hidden" name="intent" value="decide" />
          <input type="hidden" name="proposalId" value={held.id} />
          <input type="hidden" name="decision" value="refuse" />
          <fieldset className={refusing ? 'moderation-reasons moderation-reasons--active' : 'moderation-reasons'} aria-describedby={errors.reason ? 'moderation-reason-error' : undefined}>
            <legend ref={reasonsLegend} tabIndex={-1}>
              {t('decide.reasonLegend')}
            </legend>
            {data.refusalReasons.map((candidate, index) => (
              <label key={candidate} className="moderation-reason">
                <input type="radio" name="reason" value={candidate} checked={reason === candidate} onChange={() => setReason(candidate)} />
                <kbd aria-hidden="true">{reasonKey(index)}</kbd> {t(`reason.${candidate}`)}
              </label>
            ))}
            {errors.reason ? (
              <p className="field__error" id="moderation-reason-error">
                {errorText(errors.reason)}
              </p>
            ) : null}
          </fieldset>
          {refusing ? <p className="moderation-decide__hint">{t('shortcuts.chooseReason')}</p> : null}
          <button type="submit" className="button moderation-decide__refuse-button" disabled={busy} aria-keyshortcuts="R">
            {t('decide.refuse')} <kbd aria-hidden="true">R</kbd>
          </button>
        </form>

        <div className="moderation-decide__other" role="group" aria-label={t('decide.otherActions')}>
          <button type="button" className="button button--secondary" onClick={() => decide('postpone')} disabled={busy} aria-keyshortcuts="P">
            {t('decide.postpone')} <kbd aria-hidden="true">P</kbd>
          </button>
          <button type="button" className="button button--secondary" onClick={() => decide('archive')} disabled={busy}>
            {t('decide.archive')}
          </button>
          <button type="button" className="button button--secondary" onClick={onRelease} disabled={busy}>
            {t('take.release')}
          </button>
        </div>
      </div>
    </article>
  );
}
