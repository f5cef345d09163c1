import { Form, useNavigation } from '@remix-run/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pickLanguage } from '../../platform/i18n/languages';
import type { ModuleSettingsProps } from '../../platform/modules/manifest';
import { FormMessage, SelectField, TextAreaField } from '../../platform/ui/form';
import { maxQuestionChars, revealRules, type OpenQuestionsConfig } from './manifest';
import type { OpenQuestionsSettingsData } from './open-questions-data';

/**
 * The strategist's questions: one row per question (its theme, its text in each of the
 * consultation's languages, removing it), a spare row for a new one (more with JavaScript), and
 * when participants read each other's answers. Rows are numbered fields (`q-<n>-…`); a question's
 * id travels with it so that answers keep pointing to it.
 */
export function OpenQuestionsSettings({ config, data, languages, locale, defaultLanguage, errors, saved }: ModuleSettingsProps<OpenQuestionsConfig, OpenQuestionsSettingsData>) {
  const { t } = useTranslation('open-questions');
  const navigation = useNavigation();
  const [spare, setSpare] = useState(1);
  const errorOf = (field: string) => (errors[field] ? t(`errors.${errors[field]}`, { defaultValue: t('errors.generic') }) : null);
  const themeOptions = [
    { value: '', label: t('settings.noTheme') },
    ...data.themes.map((theme) => {
      const title = pickLanguage(theme.title, locale, defaultLanguage);
      return { value: theme.id, label: theme.parentId ? `— ${title.text}` : title.text, lang: title.lang };
    }),
  ];
  const rows = [...config.questions.map((question) => ({ question, key: question.id })), ...Array.from({ length: spare }, (_, n) => ({ question: null, key: `new-${n}` }))];
  const languageName = (lang: string) => new Intl.DisplayNames([locale], { type: 'language' }).of(lang) ?? lang;
  const formErrors = Object.entries(errors).filter(([field]) => field === 'form');
  const busy = navigation.state === 'submitting';
  // Each save starts from what is stored: a fresh form (and one spare row) after it.
  const formKey = JSON.stringify(config);

  return (
    <Form method="post" className="stack open-questions-settings" key={formKey}>
      {saved ? <FormMessage tone="success">{t('settings.saved')}</FormMessage> : null}
      {formErrors.length > 0 ? <FormMessage tone="error">{formErrors.map(([, code]) => t(`errors.${code}`, { defaultValue: t('errors.generic') })).join(' ')}</FormMessage> : null}
      <p>{t('settings.intro', { max: maxQuestionChars })}</p>

      {rows.map(({ question, key }, index) => {
        const field = (name: string) => `q-${index}-${name}`;
        const answers = question ? (data.answersByQuestion[question.id] ?? 0) : 0;
        return (
          <fieldset key={key} className="panel open-questions-settings__question">
            <legend>{question ? t('settings.question', { number: index + 1 }) : t('settings.newQuestion')}</legend>
            <input type="hidden" name={field('id')} value={question?.id ?? ''} />
            <SelectField id={field('theme')} name={field('theme')} label={t('settings.theme')} options={themeOptions} defaultValue={question?.themeId ?? ''} error={errorOf(field('theme'))} />
            {languages.map((lang) => (
              <TextAreaField
                key={lang}
                id={field(`text-${lang}`)}
                name={field(`text-${lang}`)}
                label={t('settings.text', { language: languageName(lang) })}
                lang={lang}
                rows={2}
                maxLength={maxQuestionChars}
                defaultValue={question?.text[lang] ?? ''}
                error={errorOf(field(`text-${lang}`))}
              />
            ))}
            {question ? (
              <div className={`field field--checkbox${errors[field('remove')] ? ' field--invalid' : ''}`}>
                <input
                  type="checkbox"
                  id={field('remove')}
                  name={field('remove')}
                  aria-describedby={[answers > 0 ? `${field('remove')}-hint` : null, errors[field('remove')] ? `${field('remove')}-error` : null].filter(Boolean).join(' ') || undefined}
                  aria-invalid={errors[field('remove')] ? true : undefined}
                />
                <label htmlFor={field('remove')}>{t('settings.remove')}</label>
                {answers > 0 ? (
                  <p className="field__hint" id={`${field('remove')}-hint`}>
                    {t('settings.hasAnswers', { count: answers })}
                  </p>
                ) : null}
                {errors[field('remove')] ? (
                  <p className="field__error" id={`${field('remove')}-error`}>
                    {errorOf(field('remove'))}
                  </p>
                ) : null}
              </div>
            ) : null}
          </fieldset>
        );
      })}

      <p>
        <button type="button" className="button button--secondary" onClick={() => setSpare((n) => n + 1)}>
          {t('settings.addQuestion')}
        </button>
      </p>

      <fieldset className="panel" aria-describedby={errors.reveal ? 'reveal-error' : undefined}>
        <legend>{t('settings.reveal')}</legend>
        {revealRules.map((rule) => (
          <div key={rule} className="field field--radio">
            <input type="radio" id={`reveal-${rule}`} name="reveal" value={rule} defaultChecked={config.reveal === rule} />
            <label htmlFor={`reveal-${rule}`}>{t(`settings.reveals.${rule}`)}</label>
          </div>
        ))}
        {errors.reveal ? (
          <p className="field__error" id="reveal-error">
            {errorOf('reveal')}
          </p>
        ) : null}
      </fieldset>

      <div className="button-row">
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {t('settings.submit')}
        </button>
      </div>
    </Form>
  );
}
