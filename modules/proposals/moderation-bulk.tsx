import { Link } from '@remix-run/react';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../platform/ui/format';
import { FormMessage } from '../../platform/ui/form';
import { FlagList } from './moderation-assistance';
import type { DecideManyResult, GroupResult, ModerationData } from './moderation-data';
import { errorCodeOf, languageName, useModerationAction, useModerationError } from './moderation-ui';
import { viewHref } from './proposals-links';

/*
 * The workspace's lower half: every waiting proposal, a page at a time and oldest first, with
 * checkboxes to accept, refuse with a reason or postpone a selection at once, or to group it
 * into an idea (duplicates); then the ideas grouping proposals, with their summed votes.
 */

type Decision = 'accept' | 'refuse' | 'postpone';

export function BulkSection({ data, path, locale, embedded, announce }: { data: ModerationData; path: string; locale: string; embedded: boolean; announce: (message: string) => void }) {
  const { t } = useTranslation('proposals-moderation');
  const errorText = useModerationError();
  const { list } = data;
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [reason, setReason] = useState('');
  const [target, setTarget] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<{ field: string; text: string } | null>(null);
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));

  // A proposal decided (here or by someone else) leaves the list, and the selection.
  const shownIds = useMemo(() => list.items.map((item) => item.id).join(' '), [list.items]);
  useEffect(() => {
    const shown = new Set(shownIds.split(' '));
    setSelected((current) => {
      const kept = [...current].filter((id) => shown.has(id));
      return kept.length === current.size ? current : new Set(kept);
    });
  }, [shownIds]);

  const bulk = useModerationAction<DecideManyResult>(path, (answer) => {
    if (!answer.ok || !answer.result) {
      const field = Object.keys(answer.errors ?? {})[0] ?? 'form';
      setError({ field, text: errorText(errorCodeOf(answer)) });
      return;
    }
    setError(null);
    const { decided, skipped } = answer.result;
    announce([t('bulk.done', { decided: decided.length }), skipped.length > 0 ? t('bulk.skipped', { count: skipped.length }) : ''].filter(Boolean).join(' '));
    setSelected(new Set(skipped));
  });
  const group = useModerationAction<GroupResult>(path, (answer) => {
    if (!answer.ok) {
      const field = Object.keys(answer.errors ?? {})[0] ?? 'form';
      setError({ field, text: errorText(errorCodeOf(answer)) });
      return;
    }
    setError(null);
    setTitle('');
    setSelected(new Set());
    announce(t('group.done'));
  });

  const ids = (): [string, string][] => [...selected].map((id) => ['proposalIds', id]);
  const decideSelection = (decision: Decision) => {
    if (selected.size === 0) return setError({ field: 'proposalIds', text: t('bulk.nothingSelected') });
    if (decision === 'refuse' && !reason) return setError({ field: 'reason', text: errorText('reason.required') });
    bulk.submit([['intent', 'decideMany'], ['decision', decision], ...(decision === 'refuse' ? ([['reason', reason]] as [string, string][]) : []), ...ids()]);
  };
  const groupSelection = (event: FormEvent) => {
    event.preventDefault();
    if (selected.size === 0) return setError({ field: 'proposalIds', text: t('bulk.nothingSelected') });
    if (!target && selected.size < 2) return setError({ field: 'proposalIds', text: errorText('selection.tooFew') });
    if (!target && !title.trim()) return setError({ field: 'title', text: errorText('title.required') });
    group.submit([['intent', 'group'], ['ideaId', target], ['title', target ? '' : title], ...ids()]);
  };

  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  // Proposals another moderator holds would be skipped: "select all" leaves them out.
  const selectable = list.items.filter((item) => !item.lockedByOther);
  const allSelected = selectable.length > 0 && selectable.every((item) => selected.has(item.id));
  const busy = bulk.busy || group.busy;
  const listHref = (status: 'pending' | 'postponed', page = 1) => viewHref('moderate', embedded, { ...(status === 'postponed' ? { list: 'postponed' } : {}), ...(page > 1 ? { page: String(page) } : {}) });

  return (
    <section className="moderation-bulk" aria-labelledby="moderation-bulk-heading">
      <h3 id="moderation-bulk-heading">{t('bulk.heading')}</h3>
      <p>{t('bulk.intro')}</p>
      <nav className="moderation-tabs" aria-label={t('bulk.tabs')}>
        <Link to={listHref('pending')} aria-current={list.status === 'pending' ? 'page' : undefined} preventScrollReset>
          {t('bulk.pending')} ({data.pending})
        </Link>
        <Link to={listHref('postponed')} aria-current={list.status === 'postponed' ? 'page' : undefined} preventScrollReset>
          {t('bulk.postponed')} ({data.postponed})
        </Link>
      </nav>

      {list.items.length === 0 ? (
        <p className="empty-state">{t('bulk.empty')}</p>
      ) : (
        <>
          <div className="moderation-bulk__toolbar" role="group" aria-label={t('bulk.selected', { count: selected.size })}>
            <label className="checkbox">
              <input type="checkbox" checked={allSelected} onChange={(event) => setSelected(event.target.checked ? new Set(selectable.map((item) => item.id)) : new Set())} />
              {t('bulk.selectAll')}
            </label>
            <span aria-live="polite">{t('bulk.selected', { count: selected.size })}</span>
            <button type="button" className="button button--small" onClick={() => decideSelection('accept')} disabled={busy}>
              {t('bulk.accept')}
            </button>
            <span className="moderation-bulk__refuse">
              <label htmlFor="moderation-bulk-reason">{t('bulk.reason')}</label>
              <select id="moderation-bulk-reason" value={reason} onChange={(event) => setReason(event.target.value)} aria-invalid={error?.field === 'reason' ? true : undefined} aria-describedby={error?.field === 'reason' ? 'moderation-bulk-error' : undefined}>
                <option value="">{t('bulk.chooseReason')}</option>
                {data.refusalReasons.map((candidate) => (
                  <option key={candidate} value={candidate}>
                    {t(`reason.${candidate}`)}
                  </option>
                ))}
              </select>
              <button type="button" className="button button--small" onClick={() => decideSelection('refuse')} disabled={busy}>
                {t('bulk.refuse')}
              </button>
            </span>
            <button type="button" className="button button--small button--secondary" onClick={() => decideSelection('postpone')} disabled={busy}>
              {t('bulk.postpone')}
            </button>
          </div>
          {error ? (
            <div id="moderation-bulk-error">
              <FormMessage tone="error">{error.text}</FormMessage>
            </div>
          ) : null}

          <ul className="moderation-list">
            {list.items.map((item) => (
              <li key={item.id} className={`moderation-list__item${item.lockedByOther ? ' moderation-list__item--locked' : ''}`}>
                <input
                  type="checkbox"
                  id={`moderation-select-${item.id}`}
                  checked={selected.has(item.id)}
                  onChange={(event) => toggle(item.id, event.target.checked)}
                />
                <div className="moderation-list__content">
                  <label htmlFor={`moderation-select-${item.id}`} className="moderation-list__body" lang={item.language}>
                    {item.body}
                  </label>
                  <p className="moderation-list__meta">
                    {t('bulk.sent')} {formatDate(item.createdAt, locale)}
                    {item.detectedLanguage && item.detectedLanguage !== item.language ? ` · ${languageName(item.detectedLanguage, locale)}` : ''}
                    {item.lockedByOther ? ` · ${t('bulk.lockedByOther')}` : ''}
                  </p>
                  <FlagList flags={item.flags} compact />
                </div>
              </li>
            ))}
          </ul>

          {pages > 1 ? (
            <nav className="moderation-pages" aria-label={t('bulk.pages')}>
              {list.page > 1 ? (
                <Link to={listHref(list.status, list.page - 1)} preventScrollReset>
                  {t('bulk.previous')}
                </Link>
              ) : null}
              <span>{t('bulk.pageOf', { page: list.page, pages })}</span>
              {list.page < pages ? (
                <Link to={listHref(list.status, list.page + 1)} preventScrollReset>
                  {t('bulk.next')}
                </Link>
              ) : null}
            </nav>
          ) : null}

          <form className="moderation-group" onSubmit={groupSelection}>
            <h4>{t('group.heading')}</h4>
            <p className="muted">{t('group.intro')}</p>
            <div className="field">
              <label htmlFor="moderation-group-target">{t('group.target')}</label>
              <select id="moderation-group-target" value={target} onChange={(event) => setTarget(event.target.value)} aria-invalid={error?.field === 'ideaId' ? true : undefined}>
                <option value="">{t('group.newIdea')}</option>
                {data.ideaChoices.map((idea) => (
                  <option key={idea.id} value={idea.id}>
                    {idea.title}
                  </option>
                ))}
              </select>
            </div>
            {target === '' ? (
              <div className={`field${error?.field === 'title' ? ' field--invalid' : ''}`}>
                <label htmlFor="moderation-group-title">{t('group.title')}</label>
                <input
                  id="moderation-group-title"
                  value={title}
                  onChange={(event) => setTitle(event.target.value)}
                  maxLength={200}
                  aria-invalid={error?.field === 'title' ? true : undefined}
                  aria-describedby={error?.field === 'title' ? 'moderation-bulk-error' : undefined}
                />
              </div>
            ) : null}
            <button type="submit" className="button button--secondary" disabled={busy}>
              {t('group.button')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

/** The ideas grouping this instance's proposals, each with the sum of its proposals' votes. */
export function IdeaGroups({ data, path, announce }: { data: ModerationData; path: string; announce: (message: string) => void }) {
  const { t } = useTranslation('proposals-moderation');
  const errorText = useModerationError();
  const [error, setError] = useState<string | null>(null);
  const ungroup = useModerationAction<GroupResult>(path, (answer) => {
    if (!answer.ok) return setError(errorText(errorCodeOf(answer)));
    setError(null);
    announce(t('group.ungrouped'));
  });
  return (
    <section className="moderation-ideas" aria-labelledby="moderation-ideas-heading">
      <h3 id="moderation-ideas-heading">{t('group.ideasHeading')}</h3>
      {error ? <FormMessage tone="error">{error}</FormMessage> : null}
      {data.ideas.length === 0 ? (
        <p className="empty-state">{t('group.noIdeas')}</p>
      ) : (
        <ul className="moderation-ideas__list">
          {data.ideas.map((idea) => (
            <li key={idea.id} className="moderation-idea">
              <h4>{idea.title}</h4>
              <p className="moderation-idea__votes">
                {t('group.proposals', { count: idea.proposals.length })} · {t('group.votes', { ...idea.votes })}
              </p>
              <ul className="moderation-idea__proposals">
                {idea.proposals.map((proposal) => (
                  <li key={proposal.id}>
                    <span>{proposal.body}</span>{' '}
                    <span className="muted">({t('group.votes', { agree: proposal.agree, disagree: proposal.disagree, neutral: proposal.neutral })})</span>{' '}
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => ungroup.submit([['intent', 'group'], ['ideaId', ''], ['proposalIds', proposal.id]])}
                      disabled={ungroup.busy}
                      aria-label={t('group.ungroupLabel', { body: proposal.body })}
                    >
                      {t('group.ungroup')}
                    </button>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
