import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { ModuleSettingsProps } from '../../platform/modules/manifest';
import { Field, FormMessage } from '../../platform/ui/form';
import { nativeLanguageName } from '../../platform/ui/format';
import type { ProposalsConfig } from './manifest';
import type { ProposalsSettingsData } from './participation-data';
import { settingsBounds } from './rules';

/*
 * The strategist's settings of a massive consultation, as one form that settings.server.ts reads
 * (the field names are listed there): the prefix in each language, the length of a proposal,
 * whether a theme is asked, and how the fair sequence serves cards. Shares are typed in percent.
 */

const bounds = settingsBounds;
type NumberField = keyof typeof bounds;

const percent = (share: number) => String(Math.round(share * 1000) / 10);

export function ProposalsSettings({ config, data, languages, defaultLanguage, errors, saved }: ModuleSettingsProps<ProposalsConfig, ProposalsSettingsData>) {
  const { t } = useTranslation('proposals');
  const error = (field: string) => {
    const code = errors[field];
    if (!code) return null;
    const range = (bounds as Record<string, { min: number; max: number }>)[field];
    return t(`settings.errors.${code}`, { ...(range ?? {}), defaultValue: t('settings.errors.invalid') });
  };
  const formErrors = Object.entries(errors).filter(([field]) => field === 'form' || !(field in bounds || field.startsWith('prefix_')));
  const numberField = (field: NumberField, value: string) => (
    <Field
      key={field}
      label={t(`settings.${field}`)}
      hint={t(`settings.${field}Hint`, bounds[field])}
      name={field}
      inputMode="decimal"
      defaultValue={value}
      error={error(field)}
      required
    />
  );
  return (
    <Form method="post" className="stack proposals-settings" noValidate>
      {saved ? <FormMessage tone="success">{t('settings.saved')}</FormMessage> : null}
      {formErrors.length > 0 ? <FormMessage tone="error">{formErrors.map(([, code]) => t(`settings.errors.${code}`, { defaultValue: t('settings.errors.invalid') })).join(' ')}</FormMessage> : null}
      <p>{t('settings.intro', { count: data.proposals })}</p>

      <fieldset className="proposals-settings__group">
        <legend>{t('settings.prefixLegend')}</legend>
        <p className="field__hint">{t('settings.prefixHint')}</p>
        {languages.map((lang) => (
          <Field
            key={lang}
            label={t(lang === defaultLanguage ? 'settings.prefixRequired' : 'settings.prefixIn', { language: nativeLanguageName(lang) })}
            name={`prefix_${lang}`}
            lang={lang}
            maxLength={40}
            defaultValue={config.prefix[lang] ?? ''}
            error={error(`prefix_${lang}`)}
            required={lang === defaultLanguage}
          />
        ))}
      </fieldset>

      <fieldset className="proposals-settings__group">
        <legend>{t('settings.lengthLegend')}</legend>
        {numberField('minChars', String(config.minChars))}
        {numberField('maxChars', String(config.maxChars))}
        <div className="field proposals-settings__check">
          <input type="checkbox" id="field-askTheme" name="askTheme" defaultChecked={config.askTheme} aria-describedby="field-askTheme-hint" />
          <label htmlFor="field-askTheme">{t('settings.askTheme')}</label>
          <p className="field__hint" id="field-askTheme-hint">
            {data.themes === 0 ? t('settings.askThemeNone') : t('settings.askThemeHint', { count: data.themes })}
          </p>
        </div>
      </fieldset>

      <fieldset className="proposals-settings__group">
        <legend>{t('settings.sequenceLegend')}</legend>
        <p className="field__hint">{t('settings.sequenceHint')}</p>
        {numberField('cards', String(config.sequence.cards))}
        {numberField('newShare', percent(config.sequence.newShare))}
        {numberField('newThreshold', String(config.sequence.newThreshold))}
        {numberField('controversyShare', percent(config.sequence.controversyShare))}
        {numberField('cap', String(config.sequence.cap))}
        {numberField('rejectionBound', percent(config.sequence.rejectionBound))}
      </fieldset>

      <p>
        <button type="submit" className="button">
          {t('settings.save')}
        </button>
      </p>
    </Form>
  );
}
