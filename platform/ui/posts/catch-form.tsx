import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { extractNatures, extractNextSteps } from '../../db/schema';
import { pickLanguage } from '../../i18n/languages';
import { Field, FormMessage, SelectField, TextAreaField } from '../form';
import { CancelControl, escapeCloses, guard, usePostForm, type Closing } from './post-forms';
import type { Catching, PostView } from '../../contributions/post-state';
import { useHydrated, type PostActionData } from './post-ui';

const fields = ['quote', 'nature', 'nextStep', 'important', 'ideaId', 'title', 'description', 'themeId', 'parentIdeaId'] as const;

/**
 * An idea catcher catches a passage of a post: the words (pre-filled with what they selected in
 * the post), what kind of passage it is, what should happen to it next, and the idea it feeds,
 * an existing one or a new one.
 */
export function CatchForm({
  post,
  quote,
  onQuoteChange,
  catching,
  locale,
  defaultLanguage,
  fallback,
  closing,
  onDone,
}: {
  post: PostView;
  quote: string;
  onQuoteChange: (quote: string) => void;
  catching: NonNullable<Catching>;
  locale: string;
  defaultLanguage: string;
  fallback?: PostActionData;
  closing: Closing;
  onDone: (answer: PostActionData) => void;
}) {
  const { t } = useTranslation('posts');
  const hydrated = useHydrated();
  const [ideaId, setIdeaId] = useState('');
  const { fetcher, formRef, errorText, errors, busy } = usePostForm(fields, fallback, onDone);
  const error = (field: (typeof fields)[number]) => (errors.fields[field] ? errorText(errors.fields[field]) : null);
  const id = (field: string) => `post-${post.id}-catch-${field}`;
  const ideas = catching.ideas.map((idea) => ({ value: idea.id, label: idea.title }));
  return (
    <fetcher.Form
      method="post"
      ref={formRef}
      className="thread-form thread-catch"
      onSubmit={guard(fetcher)}
      onKeyDown={escapeCloses(closing)}
    >
      <input type="hidden" name="intent" value="catch" />
      <input type="hidden" name="postId" value={post.id} />
      <fieldset className="stack">
        <legend>{t('catch.legend')}</legend>
        {errors.form.length > 0 ? <FormMessage tone="error">{errors.form.map(errorText).join(' ')}</FormMessage> : null}
        <TextAreaField
          id={id('quote')}
          name="quote"
          label={t('catch.quote')}
          hint={t('catch.quoteHint')}
          error={error('quote')}
          rows={4}
          maxLength={5000}
          required
          value={quote}
          onChange={(event) => onQuoteChange(event.target.value)}
        />
        <div className="thread-catch__row">
          <SelectField
            id={id('nature')}
            name="nature"
            label={t('catch.nature')}
            error={error('nature')}
            defaultValue=""
            options={[{ value: '', label: t('catch.choose') }, ...extractNatures.map((nature) => ({ value: nature, label: t(`catch.natures.${nature}`) }))]}
          />
          <SelectField
            id={id('nextStep')}
            name="nextStep"
            label={t('catch.nextStep')}
            error={error('nextStep')}
            defaultValue=""
            options={[{ value: '', label: t('catch.choose') }, ...extractNextSteps.map((step) => ({ value: step, label: t(`catch.nextSteps.${step}`) }))]}
          />
        </div>
        <div className={`field${error('important') ? ' field--invalid' : ''}`}>
          <label className="checkbox" htmlFor={id('important')}>
            <input type="checkbox" id={id('important')} name="important" value="on" />
            {t('catch.important')}
          </label>
          {error('important') ? <p className="field__error">{error('important')}</p> : null}
        </div>
        <SelectField
          id={id('ideaId')}
          name="ideaId"
          label={t('catch.idea')}
          error={error('ideaId')}
          value={ideaId}
          onChange={setIdeaId}
          options={[{ value: '', label: t('catch.newIdea') }, ...ideas]}
        />
        {/* Without JavaScript both are offered: the server takes the chosen idea, else the new one. */}
        {ideaId === '' || !hydrated ? (
          <fieldset className="stack thread-catch__new-idea">
            <legend>{t('catch.newIdeaLegend')}</legend>
            <Field id={id('title')} name="title" label={t('catch.title')} error={error('title')} maxLength={200} autoComplete="off" />
            <TextAreaField id={id('description')} name="description" label={t('catch.description')} error={error('description')} rows={3} maxLength={5000} />
            <SelectField
              id={id('themeId')}
              name="themeId"
              label={t('catch.theme')}
              error={error('themeId')}
              defaultValue=""
              options={[
                { value: '', label: t('catch.noTheme') },
                ...catching.themes.map((theme) => {
                  const title = pickLanguage(theme.title, locale, defaultLanguage);
                  return { value: theme.id, label: title.text, lang: title.lang };
                }),
              ]}
            />
            <SelectField
              id={id('parentIdeaId')}
              name="parentIdeaId"
              label={t('catch.parentIdea')}
              error={error('parentIdeaId')}
              defaultValue=""
              options={[{ value: '', label: t('catch.noParentIdea') }, ...ideas]}
            />
          </fieldset>
        ) : null}
        <div className="button-row">
          <button type="submit" className="button" aria-disabled={busy || undefined}>
            {busy ? t('write.sending') : t('catch.submit')}
          </button>
          <CancelControl closing={closing} />
        </div>
      </fieldset>
    </fetcher.Form>
  );
}
