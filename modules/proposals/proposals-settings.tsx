import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { ModuleSettingsProps } from '../../platform/modules/manifest';
import { ChoiceGroup, Field, FormMessage, SelectField, TextAreaField } from '../../platform/ui/form';
import { nativeLanguageName } from '../../platform/ui/format';
import type { ProposalsConfig } from './manifest';
import type { ProposalsSettingsData, ResultsNumberField } from './participation-data';
import { settingsBounds } from './rules';

/*
 * The strategist's settings of a massive consultation, as one form that settings.server.ts reads
 * (the field names are listed there): the prefix in each language, the length of a proposal,
 * whether a theme is asked, how the fair sequence serves cards, and how the results are computed
 * and shown (thresholds of the zones, segments, opinion groups, weighting margins). Shares are
 * typed in percent.
 */

const bounds = settingsBounds;
type NumberField = keyof typeof bounds;

const percent = (share: number) => String(Math.round(share * 1000) / 10);

/** A margin's shares as the strategist typed them: one "value = share %" per line, in the reader's way of writing numbers. */
function marginLines(shares: Record<string, number>, locale: string): string {
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 2, useGrouping: false });
  // The database keeps no order between a margin's values: alphabetical order keeps the list findable.
  return Object.entries(shares)
    .sort(([a], [b]) => a.localeCompare(b, locale))
    .map(([value, share]) => `${value} = ${format.format(share * 100)} %`)
    .join('\n');
}

export function ProposalsSettings({ config, data, languages, defaultLanguage, locale, errors, saved }: ModuleSettingsProps<ProposalsConfig, ProposalsSettingsData>) {
  const { t } = useTranslation('proposals');
  const results = data.results;
  const error = (field: string) => {
    const code = errors[field];
    if (!code) return null;
    const range = (bounds as Record<string, { min: number; max: number }>)[field] ?? (results.bounds as Record<string, { min: number; max: number }>)[field];
    return t(`settings.errors.${code}`, { ...(range ?? {}), defaultValue: t('settings.errors.invalid') });
  };
  // The results' fields show their errors beside them too: only the form's own go on top.
  const isResultsField = (field: string) => field in results.bounds || field === 'resultsVisibility' || field.startsWith('weighting');
  const formErrors = Object.entries(errors).filter(([field]) => field === 'form' || !(field in bounds || field.startsWith('prefix_') || isResultsField(field)));
  const resultsField = (field: ResultsNumberField) => {
    const { percent: inPercent, ...range } = results.bounds[field];
    const value = results.current[field];
    return (
      <Field
        key={field}
        label={t(`settings.results.${field}`)}
        hint={`${t(`settings.results.${field}Hint`)} ${t(inPercent ? 'settings.results.rangePercent' : 'settings.results.range', range)}`}
        name={field}
        inputMode="decimal"
        defaultValue={inPercent ? percent(value) : String(value)}
        error={error(field)}
        required
      />
    );
  };
  const fieldLabel = (field: string) => (field === 'source' ? t('settings.results.sourceField') : t(`forms:segment.${field}`, { defaultValue: field }));
  const margins = Array.from({ length: results.maxMargins }, (_, index) => results.current.weighting[index] ?? null);
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

      <fieldset className="proposals-settings__group">
        <legend>{t('settings.results.legend')}</legend>
        <p className="field__hint">{t('settings.results.intro')}</p>
        <ChoiceGroup id="field-resultsVisibility" legend={t('settings.results.visibility')} hint={t('settings.results.visibilityHint')} error={error('resultsVisibility')}>
          {(['live', 'afterClose'] as const).map((visibility) => (
            <label key={visibility} className="checkbox">
              <input type="radio" name="resultsVisibility" value={visibility} defaultChecked={results.current.visibility === visibility} /> {t(`settings.results.visibility_${visibility}`)}
            </label>
          ))}
        </ChoiceGroup>
        {resultsField('minVotes')}
        {resultsField('topSize')}
      </fieldset>

      <fieldset className="proposals-settings__group">
        <legend>{t('settings.results.zonesLegend')}</legend>
        <p className="field__hint">{t('settings.results.zonesHint')}</p>
        {resultsField('consensusAgreeLow')}
        {resultsField('controversyBothLow')}
        {resultsField('rejectionDisagreeLow')}
        {resultsField('limboNeutral')}
      </fieldset>

      <fieldset className="proposals-settings__group">
        <legend>{t('settings.results.groupsLegend')}</legend>
        {resultsField('minSegmentVoters')}
        {resultsField('minVotesPerParticipant')}
        {resultsField('minGroupShare')}
      </fieldset>

      <fieldset className="proposals-settings__group">
        <legend>{t('settings.results.weightingLegend')}</legend>
        <p className="field__hint">{t('settings.results.weightingHint', { count: results.maxMargins })}</p>
        {margins.map((margin, index) => {
          const n = index + 1;
          return (
            <div key={n} className="stack">
              <SelectField
                name={`weightingField_${n}`}
                label={t('settings.results.marginField', { number: n })}
                defaultValue={margin?.field ?? ''}
                error={error(`weightingField_${n}`)}
                options={[{ value: '', label: t('settings.results.marginNone') }, ...results.weightingFields.map((field) => ({ value: field, label: fieldLabel(field) }))]}
              />
              <TextAreaField
                id={`field-weightingShares_${n}`}
                name={`weightingShares_${n}`}
                label={t('settings.results.marginShares', { number: n })}
                hint={t('settings.results.marginSharesHint')}
                rows={4}
                defaultValue={margin ? marginLines(margin.shares, locale) : ''}
                error={error(`weightingShares_${n}`)}
              />
            </div>
          );
        })}
      </fieldset>

      <p>
        <button type="submit" className="button">
          {t('settings.save')}
        </button>
      </p>
    </Form>
  );
}
