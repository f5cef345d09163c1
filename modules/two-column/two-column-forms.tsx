import { useFetcher } from '@remix-run/react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormMessage } from '../../platform/ui/form';
import { focusFirstError, guard, useAnswer } from '../../platform/ui/posts/post-forms';
import { PostTime, splitErrors, useEditorLabels, useHydrated, type PostActionData } from '../../platform/ui/posts/post-ui';
import { RichTextEditor } from '../../platform/ui/rich-text-editor';
import type { ColumnSummaryView } from './two-column-data';

/** The sentence for an error code: the module's own words, else the shared posts' ones. */
export function useTwoColumnErrorText(): (code: string) => string {
  const { t } = useTranslation(['two-column', 'posts']);
  return (code) => t(`two-column:errors.${code}`, { defaultValue: '' }) || t(`posts:errors.${code}`, { defaultValue: t('two-column:errors.generic') });
}

/** The form at the top of a column: a new argument in it (a fresh form after each one sent). */
export function NewArgument({ ideaId, column, label, preModerated }: { ideaId: string; column: string; label: string; preModerated: boolean }) {
  const { t } = useTranslation('two-column');
  const fetcher = useFetcher<PostActionData>();
  const formRef = useRef<HTMLFormElement>(null);
  const labels = useEditorLabels();
  const errorText = useTwoColumnErrorText();
  const [round, setRound] = useState(0);
  const [sent, setSent] = useState<'published' | 'awaiting' | null>(null);
  const answer = fetcher.data;
  const errors = splitErrors(answer && !answer.ok ? answer.errors : undefined, ['body']);
  useAnswer(fetcher, (done) => {
    if (!done.ok) return focusFirstError(formRef.current);
    setSent((done.result as { status?: string } | undefined)?.status === 'awaiting' ? 'awaiting' : 'published');
    setRound((value) => value + 1);
  });
  const busy = fetcher.state !== 'idle';
  const fieldId = `two-column-argue-${column}`;
  return (
    <div className="two-column-argue">
      <div role="status">{sent ? <p className="form-message form-message--success">{t(`argue.${sent}`)}</p> : null}</div>
      <fetcher.Form method="post" ref={formRef} className="stack thread-form" onSubmit={guard(fetcher)}>
        <input type="hidden" name="intent" value="argue" />
        <input type="hidden" name="ideaId" value={ideaId} />
        <input type="hidden" name="column" value={column} />
        {errors.form.length > 0 && answer && !answer.ok ? <FormMessage tone="error">{errors.form.map(errorText).join(' ')}</FormMessage> : null}
        <RichTextEditor
          key={round}
          id={fieldId}
          name="body"
          label={t('argue.label', { column: label })}
          hint={preModerated ? `${t('argue.hint')} ${t('argue.preModeration')}` : t('argue.hint')}
          labels={labels}
          error={errors.fields.body ? errorText(errors.fields.body) : null}
        />
        <div className="button-row">
          <button type="submit" className="button" aria-disabled={busy || undefined}>
            {busy ? t('argue.sending') : t('argue.submit', { column: label })}
          </button>
        </div>
      </fetcher.Form>
    </div>
  );
}

/**
 * A column's summary, written by a synthesizer, with its last update; for those who may, a form
 * to write or update it (everyone following the idea sees the new version at once).
 */
export function ColumnSummaryBox({
  ideaId,
  column,
  label,
  summary,
  maySummarise,
  locale,
}: {
  ideaId: string;
  column: string;
  label: string;
  summary: ColumnSummaryView | null;
  maySummarise: boolean;
  locale: string;
}) {
  const { t } = useTranslation('two-column');
  const hydrated = useHydrated();
  const fetcher = useFetcher<PostActionData>();
  const formRef = useRef<HTMLFormElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const labels = useEditorLabels();
  const errorText = useTwoColumnErrorText();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const answer = fetcher.data;
  const errors = splitErrors(answer && !answer.ok ? answer.errors : undefined, ['body']);
  useAnswer(fetcher, (done) => {
    if (!done.ok) return focusFirstError(formRef.current);
    setSaved(true);
    setEditing(false);
    toggleRef.current?.focus();
  });
  const busy = fetcher.state !== 'idle';
  const headingId = `two-column-summary-${column}`;
  const [before, after] = t('synthesis.updated', { date: '\u0000' }).split('\u0000');
  // Without JavaScript the form is always there for those who may write it.
  const showForm = maySummarise && (editing || !hydrated);
  return (
    <section className="two-column-summary" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('synthesis.heading', { column: label })}</h3>
      {summary ? (
        <>
          <div className="rich-text-view" dangerouslySetInnerHTML={{ __html: summary.html }} />
          <p className="two-column-summary__meta">
            {before}
            <PostTime value={summary.updatedAt} locale={locale} />
            {after}
            {summary.updatedBy ? ` ${t('synthesis.by', { name: summary.updatedBy })}` : null}
          </p>
        </>
      ) : (
        <p className="empty-state">{t('synthesis.none')}</p>
      )}
      <div role="status">{saved && !editing ? <p className="form-message form-message--success">{t('synthesis.saved')}</p> : null}</div>
      {maySummarise && hydrated ? (
        <button
          ref={toggleRef}
          type="button"
          className="link-button"
          aria-expanded={editing}
          onClick={() => {
            setSaved(false);
            setEditing((value) => !value);
          }}
        >
          {summary ? t('synthesis.update') : t('synthesis.write')}
        </button>
      ) : null}
      {showForm ? (
        <fetcher.Form method="post" ref={formRef} className="stack thread-form" onSubmit={guard(fetcher)}>
          <input type="hidden" name="intent" value="summarise" />
          <input type="hidden" name="ideaId" value={ideaId} />
          <input type="hidden" name="column" value={column} />
          {errors.form.length > 0 && answer && !answer.ok ? <FormMessage tone="error">{errors.form.map(errorText).join(' ')}</FormMessage> : null}
          <RichTextEditor
            id={`two-column-summary-${column}-body`}
            name="body"
            label={t('synthesis.label', { column: label })}
            hint={t('synthesis.hint')}
            labels={labels}
            defaultValue={summary?.doc ?? null}
            error={errors.fields.body ? errorText(errors.fields.body) : null}
          />
          <div className="button-row">
            <button type="submit" className="button" aria-disabled={busy || undefined}>
              {t('synthesis.submit')}
            </button>
            {hydrated ? (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  setEditing(false);
                  toggleRef.current?.focus();
                }}
              >
                {t('synthesis.cancel')}
              </button>
            ) : null}
          </div>
        </fetcher.Form>
      ) : null}
    </section>
  );
}
