import { Form } from '@remix-run/react';
import { useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModuleSettingsProps } from '../../platform/modules/manifest';
import { Field, FormMessage, SelectField } from '../../platform/ui/form';
import { nativeLanguageName } from '../../platform/ui/format';
import { contrastWithWhite, isHexColor, minContrast } from '../../platform/colors';
import { maxColumns, minColumns, suggestedColors } from './columns';
import type { Column, TwoColumnConfig } from './manifest';
import type { TwoColumnSettingsData } from './two-column-data';

const spareKeys = 'abcdefgh'.split('');

/**
 * The strategist's settings: the columns (labels in each language of the consultation, colour
 * checked against the white text written on it, two to four of them), the ideas moved into the
 * phase, and the first order of arguments.
 */
export function TwoColumnSettings({ config, data, languages, locale, errors, saved }: ModuleSettingsProps<TwoColumnConfig, TwoColumnSettingsData>) {
  const { t } = useTranslation('two-column');
  const [columns, setColumns] = useState<Column[]>(() => config.columns.map((column) => ({ ...column, label: { ...column.label } })));
  const errorOf = (field: string) => (errors[field] ? t(`errors.${errors[field]}`, { defaultValue: t('errors.generic') }) : null);
  const formErrors = Object.entries(errors)
    .filter(([field]) => field === 'form' || field === 'columns')
    .map(([, code]) => t(`errors.${code}`, { defaultValue: t('errors.generic') }));
  const setColor = (key: string, color: string) => setColumns((previous) => previous.map((column) => (column.key === key ? { ...column, color } : column)));
  const add = () =>
    setColumns((previous) => {
      const key = spareKeys.find((candidate) => !previous.some((column) => column.key === candidate));
      if (!key || previous.length >= maxColumns) return previous;
      return [...previous, { key, label: {}, color: suggestedColors.find((color) => !previous.some((column) => column.color === color)) ?? suggestedColors[0] }];
    });
  const remove = (key: string) => setColumns((previous) => (previous.length > minColumns ? previous.filter((column) => column.key !== key) : previous));
  const chosen = new Set(config.ideaIds);

  return (
    <Form method="post" className="stack two-column-settings" noValidate>
      {saved ? <FormMessage tone="success">{t('settings.saved')}</FormMessage> : null}
      {formErrors.length > 0 ? <FormMessage tone="error">{formErrors.join(' ')}</FormMessage> : null}

      <fieldset className="stack">
        <legend>{t('settings.columnsHeading')}</legend>
        <p className="field__hint">{t('settings.columnsHint')}</p>
        {columns.map((column, index) => {
          const valid = isHexColor(column.color);
          const ratio = valid ? contrastWithWhite(column.color) : null;
          const inUse = data.columnsInUse.includes(column.key);
          return (
            <fieldset key={column.key} className="stack two-column-settings__column">
              <legend>{t('settings.column', { number: index + 1 })}</legend>
              <input type="hidden" name="column" value={column.key} />
              {languages.map((lang) => (
                <Field
                  key={lang}
                  id={`label_${column.key}_${lang}`}
                  name={`label_${column.key}_${lang}`}
                  label={t('settings.label', { language: nativeLanguageName(lang) })}
                  lang={lang}
                  maxLength={60}
                  defaultValue={column.label[lang] ?? ''}
                  onChange={(event) => {
                    const value = event.target.value;
                    setColumns((previous) => previous.map((candidate) => (candidate.key === column.key ? { ...candidate, label: { ...candidate.label, [lang]: value } } : candidate)));
                  }}
                  error={errorOf(`label_${column.key}_${lang}`)}
                />
              ))}
              <Field
                id={`color_${column.key}`}
                name={`color_${column.key}`}
                label={t('settings.color')}
                value={column.color}
                onChange={(event) => setColor(column.key, event.target.value)}
                pattern="#[0-9a-fA-F]{6}"
                hint={ratio !== null ? t('settings.contrast', { ratio: ratio.toLocaleString(locale, { maximumFractionDigits: 1 }) }) : undefined}
                error={errorOf(`color_${column.key}`)}
              />
              {valid ? (
                <p
                  className={`two-column-settings__swatch${ratio !== null && ratio < minContrast ? ' two-column-settings__swatch--poor' : ''}`}
                  style={{ '--column-color': column.color } as CSSProperties}
                  aria-hidden="true"
                >
                  {Object.values(column.label).find(Boolean) ?? t('settings.column', { number: index + 1 })}
                </p>
              ) : null}
              {inUse ? (
                <p className="field__hint">{t('settings.inUse')}</p>
              ) : columns.length > minColumns ? (
                <button type="button" className="button button--small button--secondary" onClick={() => remove(column.key)}>
                  {t('settings.remove', { number: index + 1 })}
                </button>
              ) : null}
            </fieldset>
          );
        })}
        {columns.length < maxColumns ? (
          <p>
            <button type="button" className="button button--secondary" onClick={add}>
              {t('settings.add')}
            </button>
          </p>
        ) : null}
      </fieldset>

      <fieldset className="stack" aria-describedby={errors.ideaIds ? 'two-column-ideas-error' : undefined}>
        <legend>{t('settings.ideasHeading')}</legend>
        <p className="field__hint">{t('settings.ideasHint')}</p>
        {errors.ideaIds ? (
          <p className="field__error" id="two-column-ideas-error">
            {errorOf('ideaIds')}
          </p>
        ) : null}
        {data.ideas.length === 0 ? (
          <p className="empty-state">{t('settings.noIdeas')}</p>
        ) : (
          <ul className="plain-list">
            {data.ideas.map((idea) => (
              <li key={idea.id}>
                <label className="checkbox">
                  <input type="checkbox" name="ideaIds" value={idea.id} defaultChecked={chosen.has(idea.id)} /> {idea.title} ({t('settings.extracts', { count: idea.extracts })})
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>

      <SelectField
        id="two-column-sort"
        name="sort"
        label={t('settings.sortLabel')}
        defaultValue={config.sort}
        error={errorOf('sort')}
        options={[
          { value: 'upvotes', label: t('settings.sortUpvotes') },
          { value: 'date', label: t('settings.sortDate') },
        ]}
      />
      <div className="button-row">
        <button type="submit" className="button">
          {t('settings.save')}
        </button>
      </div>
    </Form>
  );
}
