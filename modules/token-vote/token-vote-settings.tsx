import { Form } from '@remix-run/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contrastWithWhite, isHexColor, minContrast } from '../../platform/colors';
import type { ModuleSettingsProps } from '../../platform/modules/manifest';
import { ChoiceGroup, Field, FormMessage } from '../../platform/ui/form';
import { nativeLanguageName } from '../../platform/ui/format';
import type { Gauge, TokenCategory, TokenVoteConfig } from './manifest';
import type { TokenVoteSettingsData } from './token-vote-data';
import { maxCategories, maxGauges } from './tokens';

/*
 * The strategist's settings of a token vote, as one form that settings.server.ts reads (the
 * field names are listed there): the token categories and gauges every item follows, the
 * ideas voted on with their exceptions, and when participants see the results. Keys of new
 * categories, gauges and choices are given here; a strategist never types them.
 */

const categoryKeys = 'abcdefgh'.split('');
const choiceKeys = 'abcdefg'.split('');
const minChoices = 2;
const maxChoices = 7;
/** Colours offered to a new category, each readable under white text. */
const suggestedColors = ['#1b7a3d', '#b3261e', '#1f5fa8', '#6b3fa0'];

type Label = Record<string, string>;
interface CategoryDraft {
  key: string;
  label: Label;
  color: string;
  excludes: string[];
  /** Values the form starts with (the inputs are not controlled). */
  initial: Pick<TokenCategory, 'budget' | 'maxPerItem' | 'sign'>;
}
type GaugeDraft = { key: string; label: Label } & ({ type: 'numeric'; initial: Extract<Gauge, { type: 'numeric' }> | null } | { type: 'labelled'; choices: { key: string; label: Label }[] });

const spare = (keys: string[], taken: { key: string }[]) => keys.find((key) => !taken.some((item) => item.key === key));

/** Exclusion works both ways: the form shows it on both categories, whichever declared it. */
function draftsOf(categories: TokenCategory[]): CategoryDraft[] {
  return categories.map((category) => ({
    key: category.key,
    label: { ...category.label },
    color: category.color,
    excludes: categories.filter((other) => other.key !== category.key && (category.excludes.includes(other.key) || other.excludes.includes(category.key))).map((other) => other.key),
    initial: { budget: category.budget, maxPerItem: category.maxPerItem, sign: category.sign },
  }));
}

function gaugeDraftsOf(gauges: Gauge[]): GaugeDraft[] {
  return gauges.map((gauge) =>
    gauge.type === 'numeric'
      ? { key: gauge.key, label: { ...gauge.label }, type: 'numeric', initial: gauge }
      : { key: gauge.key, label: { ...gauge.label }, type: 'labelled', choices: gauge.choices.map((choice) => ({ key: choice.key, label: { ...choice.label } })) },
  );
}

export function TokenVoteSettings({ config, data, languages, locale, defaultLanguage, errors, saved }: ModuleSettingsProps<TokenVoteConfig, TokenVoteSettingsData>) {
  const { t } = useTranslation('token-vote-settings');
  const [categories, setCategories] = useState<CategoryDraft[]>(() => draftsOf(config.categories));
  const [gauges, setGauges] = useState<GaugeDraft[]>(() => gaugeDraftsOf(config.gauges));
  const [chosen, setChosen] = useState<string[]>(() => config.items.map((item) => item.id));

  const messageOf = (code: string) => t(`errors.${code}`, { defaultValue: t('errors.generic') });
  const errorOf = (field: string) => (errors[field] ? messageOf(errors[field]!) : null);
  const formErrors = ['form', 'settings'].flatMap((field) => (errors[field] ? [messageOf(errors[field]!)] : []));
  const shown = (label: Label) => label[locale] || label[defaultLanguage] || Object.values(label).find(Boolean) || '';
  // Numbers are shown the way the server reads them back: a decimal comma in French.
  const typed = (value: number | null | undefined) => (value === null || value === undefined ? '' : locale === 'fr' ? String(value).replace('.', ',') : String(value));
  const numberInput = { type: 'text', inputMode: 'decimal', autoComplete: 'off' } as const;

  const updateCategory = (key: string, change: (draft: CategoryDraft) => CategoryDraft) => setCategories((previous) => previous.map((draft) => (draft.key === key ? change(draft) : draft)));
  const addCategory = () =>
    setCategories((previous) => {
      const key = spare(categoryKeys, previous);
      if (!key || previous.length >= maxCategories) return previous;
      const color = suggestedColors.find((candidate) => !previous.some((draft) => draft.color === candidate)) ?? suggestedColors[0]!;
      return [...previous, { key, label: {}, color, excludes: [], initial: { budget: 3, maxPerItem: null, sign: 'for' } }];
    });
  const removeCategory = (key: string) =>
    setCategories((previous) => (previous.length > 1 ? previous.filter((draft) => draft.key !== key).map((draft) => ({ ...draft, excludes: draft.excludes.filter((other) => other !== key) })) : previous));
  const setExclusion = (key: string, other: string, on: boolean) =>
    setCategories((previous) =>
      previous.map((draft) => {
        const partner = draft.key === key ? other : draft.key === other ? key : null;
        if (!partner) return draft;
        const excludes = draft.excludes.filter((candidate) => candidate !== partner);
        return { ...draft, excludes: on ? [...excludes, partner] : excludes };
      }),
    );

  const updateGauge = (key: string, change: (draft: GaugeDraft) => GaugeDraft) => setGauges((previous) => previous.map((draft) => (draft.key === key ? change(draft) : draft)));
  const addGauge = (type: 'numeric' | 'labelled') =>
    setGauges((previous) => {
      const key = spare(categoryKeys, previous);
      if (!key || previous.length >= maxGauges) return previous;
      const draft: GaugeDraft =
        type === 'numeric'
          ? { key, label: {}, type, initial: null }
          : { key, label: {}, type, choices: choiceKeys.slice(0, minChoices).map((choice) => ({ key: choice, label: {} })) };
      return [...previous, draft];
    });
  const removeGauge = (key: string) => setGauges((previous) => previous.filter((draft) => draft.key !== key));
  const setChoices = (key: string, change: (choices: { key: string; label: Label }[]) => { key: string; label: Label }[]) =>
    updateGauge(key, (draft) => (draft.type === 'labelled' ? { ...draft, choices: change(draft.choices) } : draft));

  // Ideas already voted on come first, in their order; the others follow by title.
  const ideas = [
    ...config.items.flatMap((item) => data.ideas.filter((idea) => idea.id === item.id)),
    ...data.ideas.filter((idea) => !config.items.some((item) => item.id === idea.id)),
  ];
  const overrideOf = (itemId: string) => config.items.find((item) => item.id === itemId)?.override;

  const labelFields = (prefix: string, label: Label, text: (language: string) => string, onChange: (lang: string, value: string) => void, max = 60) =>
    languages.map((lang) => (
      <Field
        key={lang}
        id={`${prefix}_${lang}`}
        name={`${prefix}_${lang}`}
        label={text(nativeLanguageName(lang))}
        lang={lang}
        maxLength={max}
        defaultValue={label[lang] ?? ''}
        onChange={(event) => onChange(lang, event.target.value)}
        error={errorOf(`${prefix}_${lang}`)}
      />
    ));

  return (
    <Form method="post" className="stack token-vote-settings" noValidate>
      {saved ? <FormMessage tone="success">{t('saved')}</FormMessage> : null}
      {formErrors.length > 0 ? <FormMessage tone="error">{formErrors.join(' ')}</FormMessage> : null}
      <p className="field__hint">{t('numbersHint')}</p>

      <fieldset className="stack" aria-describedby={errors.categories ? 'token-vote-categories-error' : undefined}>
        <legend>{t('categories.heading')}</legend>
        <p className="field__hint">{t('categories.hint')}</p>
        {errors.categories ? (
          <p className="field__error" id="token-vote-categories-error">
            {errorOf('categories')}
          </p>
        ) : null}
        {categories.map((category, index) => {
          const valid = isHexColor(category.color);
          const ratio = valid ? contrastWithWhite(category.color) : null;
          const others = categories.filter((other) => other.key !== category.key);
          return (
            <fieldset key={category.key} className="stack token-vote-settings__category">
              <legend>{t('categories.category', { number: index + 1 })}</legend>
              <input type="hidden" name="category" value={category.key} />
              {labelFields(
                `label_${category.key}`,
                category.label,
                (language) => t('categories.label', { language }),
                (lang, value) => updateCategory(category.key, (draft) => ({ ...draft, label: { ...draft.label, [lang]: value } })),
              )}
              <Field
                id={`color_${category.key}`}
                name={`color_${category.key}`}
                label={t('categories.color')}
                value={category.color}
                onChange={(event) => {
                  const color = event.target.value;
                  updateCategory(category.key, (draft) => ({ ...draft, color }));
                }}
                pattern="#[0-9a-fA-F]{6}"
                hint={ratio !== null ? t('categories.contrast', { ratio: ratio.toLocaleString(locale, { maximumFractionDigits: 1 }) }) : undefined}
                error={errorOf(`color_${category.key}`)}
              />
              {valid ? (
                <p
                  className={`token-vote-settings__swatch${ratio !== null && ratio < minContrast ? ' token-vote-settings__swatch--poor' : ''}`}
                  style={{ background: category.color, color: '#fff', padding: '0.3rem 0.75rem', margin: 0, justifySelf: 'start', outline: ratio !== null && ratio < minContrast ? '3px dashed #000' : undefined }}
                  aria-hidden="true"
                >
                  {shown(category.label) || t('categories.category', { number: index + 1 })}
                </p>
              ) : null}
              <Field
                {...numberInput}
                id={`budget_${category.key}`}
                name={`budget_${category.key}`}
                label={t('categories.budget')}
                hint={t('categories.budgetHint')}
                defaultValue={typed(category.initial.budget)}
                error={errorOf(`budget_${category.key}`)}
              />
              <Field
                {...numberInput}
                id={`maxPerItem_${category.key}`}
                name={`maxPerItem_${category.key}`}
                label={t('categories.maxPerItem')}
                hint={t('categories.maxPerItemHint')}
                defaultValue={typed(category.initial.maxPerItem)}
                error={errorOf(`maxPerItem_${category.key}`)}
              />
              <ChoiceGroup className="token-vote-settings__group" id={`sign_${category.key}`} legend={t('categories.sign')} error={errorOf(`sign_${category.key}`)}>
                {(['for', 'against'] as const).map((sign) => (
                  <label key={sign} className="checkbox">
                    <input type="radio" name={`sign_${category.key}`} value={sign} defaultChecked={category.initial.sign === sign} /> {t(sign === 'for' ? 'categories.signFor' : 'categories.signAgainst')}
                  </label>
                ))}
              </ChoiceGroup>
              {others.length > 0 ? (
                <ChoiceGroup className="token-vote-settings__group" id={`excludes_${category.key}`} legend={t('categories.excludes')} hint={t('categories.excludesHint')} error={errorOf(`excludes_${category.key}`)}>
                  {others.map((other) => (
                    <label key={other.key} className="checkbox">
                      <input
                        type="checkbox"
                        name={`excludes_${category.key}`}
                        value={other.key}
                        checked={category.excludes.includes(other.key)}
                        onChange={(event) => setExclusion(category.key, other.key, event.target.checked)}
                      />{' '}
                      {shown(other.label) || t('categories.unnamed', { number: categories.indexOf(other) + 1 })}
                    </label>
                  ))}
                </ChoiceGroup>
              ) : null}
              {data.categoriesInUse.includes(category.key) ? (
                <p className="field__hint">{t('categories.inUse')}</p>
              ) : categories.length > 1 ? (
                <button type="button" className="button button--small button--secondary" onClick={() => removeCategory(category.key)}>
                  {t('categories.remove', { number: index + 1 })}
                </button>
              ) : null}
            </fieldset>
          );
        })}
        {categories.length < maxCategories ? (
          <p>
            <button type="button" className="button button--secondary" onClick={addCategory}>
              {t('categories.add')}
            </button>
          </p>
        ) : null}
      </fieldset>

      <fieldset className="stack" aria-describedby={errors.gauges ? 'token-vote-gauges-error' : undefined}>
        <legend>{t('gauges.heading')}</legend>
        <p className="field__hint">{t('gauges.hint')}</p>
        {errors.gauges ? (
          <p className="field__error" id="token-vote-gauges-error">
            {errorOf('gauges')}
          </p>
        ) : null}
        {gauges.length === 0 ? <p className="empty-state">{t('gauges.none')}</p> : null}
        {gauges.map((gauge, index) => {
          const number = index + 1;
          const setLabel = (lang: string, value: string) => updateGauge(gauge.key, (draft) => ({ ...draft, label: { ...draft.label, [lang]: value } }));
          return (
            <fieldset key={gauge.key} className="stack token-vote-settings__gauge">
              <legend>{t(gauge.type === 'numeric' ? 'gauges.numeric' : 'gauges.labelled', { number })}</legend>
              <input type="hidden" name="gauge" value={gauge.key} />
              <input type="hidden" name={`gaugeType_${gauge.key}`} value={gauge.type} />
              {errors[`gaugeType_${gauge.key}`] ? <p className="field__error">{errorOf(`gaugeType_${gauge.key}`)}</p> : null}
              {labelFields(`gaugeLabel_${gauge.key}`, gauge.label, (language) => t('gauges.label', { language }), setLabel)}
              {gauge.type === 'numeric' ? (
                <>
                  <Field {...numberInput} id={`gaugeMin_${gauge.key}`} name={`gaugeMin_${gauge.key}`} label={t('gauges.min')} defaultValue={typed(gauge.initial?.min ?? 0)} error={errorOf(`gaugeMin_${gauge.key}`)} />
                  <Field {...numberInput} id={`gaugeMax_${gauge.key}`} name={`gaugeMax_${gauge.key}`} label={t('gauges.max')} defaultValue={typed(gauge.initial?.max ?? 100)} error={errorOf(`gaugeMax_${gauge.key}`)} />
                  <Field
                    {...numberInput}
                    id={`gaugeStep_${gauge.key}`}
                    name={`gaugeStep_${gauge.key}`}
                    label={t('gauges.step')}
                    hint={t('gauges.stepHint')}
                    defaultValue={typed(gauge.initial?.step ?? 1)}
                    error={errorOf(`gaugeStep_${gauge.key}`)}
                  />
                  {languages.map((lang) => (
                    <Field
                      key={lang}
                      id={`gaugeUnit_${gauge.key}_${lang}`}
                      name={`gaugeUnit_${gauge.key}_${lang}`}
                      label={t('gauges.unit', { language: nativeLanguageName(lang) })}
                      lang={lang}
                      maxLength={20}
                      defaultValue={gauge.initial?.unit[lang] ?? ''}
                      error={errorOf(`gaugeUnit_${gauge.key}_${lang}`)}
                    />
                  ))}
                </>
              ) : (
                <ChoiceGroup className="token-vote-settings__group" id={`choices_${gauge.key}`} legend={t('gauges.choices')} error={errorOf(`choices_${gauge.key}`)}>
                  <ol className="plain-list token-vote-settings__choices">
                    {gauge.choices.map((choice, choiceIndex) => (
                      <li key={choice.key} className="stack">
                        <input type="hidden" name={`choice_${gauge.key}`} value={choice.key} />
                        {labelFields(
                          `choiceLabel_${gauge.key}_${choice.key}`,
                          choice.label,
                          (language) => t('gauges.choiceLabel', { number: choiceIndex + 1, language }),
                          (lang, value) => setChoices(gauge.key, (choices) => choices.map((candidate) => (candidate.key === choice.key ? { ...candidate, label: { ...candidate.label, [lang]: value } } : candidate))),
                        )}
                        {gauge.choices.length > minChoices ? (
                          <p>
                            <button type="button" className="button button--small button--secondary" onClick={() => setChoices(gauge.key, (choices) => choices.filter((candidate) => candidate.key !== choice.key))}>
                              {t('gauges.removeChoice', { choice: choiceIndex + 1, number })}
                            </button>
                          </p>
                        ) : null}
                      </li>
                    ))}
                  </ol>
                  {gauge.choices.length < maxChoices ? (
                    <p>
                      <button
                        type="button"
                        className="button button--small button--secondary"
                        onClick={() =>
                          setChoices(gauge.key, (choices) => {
                            const key = spare(choiceKeys, choices);
                            return key && choices.length < maxChoices ? [...choices, { key, label: {} }] : choices;
                          })
                        }
                      >
                        {t('gauges.addChoice', { number })}
                      </button>
                    </p>
                  ) : null}
                </ChoiceGroup>
              )}
              {data.gaugesInUse.includes(gauge.key) ? (
                <p className="field__hint">{t('gauges.inUse')}</p>
              ) : (
                <p>
                  <button type="button" className="button button--small button--secondary" onClick={() => removeGauge(gauge.key)}>
                    {t('gauges.remove', { number })}
                  </button>
                </p>
              )}
            </fieldset>
          );
        })}
        {gauges.length < maxGauges ? (
          <p className="button-row">
            <button type="button" className="button button--secondary" onClick={() => addGauge('numeric')}>
              {t('gauges.addNumeric')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => addGauge('labelled')}>
              {t('gauges.addLabelled')}
            </button>
          </p>
        ) : null}
      </fieldset>

      <fieldset className="stack" aria-describedby={errors.itemIds ? 'token-vote-items-error' : undefined}>
        <legend>{t('items.heading')}</legend>
        <p className="field__hint">{t('items.hint')}</p>
        {errors.itemIds ? (
          <p className="field__error" id="token-vote-items-error">
            {errorOf('itemIds')}
          </p>
        ) : null}
        {ideas.length === 0 ? (
          <p className="empty-state">{t('items.none')}</p>
        ) : (
          <ul className="plain-list stack token-vote-settings__items">
            {ideas.map((idea) => {
              const inUse = data.itemsInUse.includes(idea.id) && chosen.includes(idea.id);
              const override = overrideOf(idea.id);
              const hasError = Object.keys(errors).some((field) => field.includes(idea.id));
              const category = (key: string) => override?.categories?.[key];
              const gaugeOverride = (key: string) => override?.gauges?.[key];
              return (
                <li key={idea.id} className="stack token-vote-settings__item">
                  <label className="checkbox">
                    {/* An item holding votes stays: its box is shown ticked and the hidden field sends it. */}
                    {inUse ? <input type="hidden" name="itemIds" value={idea.id} /> : null}
                    <input
                      type="checkbox"
                      name={inUse ? undefined : 'itemIds'}
                      value={idea.id}
                      checked={chosen.includes(idea.id)}
                      disabled={inUse}
                      aria-describedby={inUse ? `item-${idea.id}-in-use` : undefined}
                      onChange={(event) => {
                        const on = event.target.checked;
                        setChosen((previous) => (on ? [...previous.filter((id) => id !== idea.id), idea.id] : previous.filter((id) => id !== idea.id)));
                      }}
                    />{' '}
                    {idea.title} ({t('items.extracts', { count: idea.extracts })})
                  </label>
                  {inUse ? (
                    <p className="field__hint" id={`item-${idea.id}-in-use`}>
                      {t('items.inUse')}
                    </p>
                  ) : null}
                  {chosen.includes(idea.id) ? (
                    <details open={Boolean(override) || hasError} className="token-vote-settings__exceptions">
                      <summary>
                        {t('items.exceptions')}
                        <span className="visually-hidden"> ({idea.title})</span>
                      </summary>
                      <div className="stack">
                        <p className="field__hint">{t('items.exceptionsHint')}</p>
                        {categories.map((draft, index) => {
                          const name = shown(draft.label) || t('categories.category', { number: index + 1 });
                          const field = `maxPerItem_${idea.id}_${draft.key}`;
                          return (
                            <div key={draft.key} className="stack">
                              <label className="checkbox">
                                <input type="checkbox" name={`off_${idea.id}_${draft.key}`} value="on" defaultChecked={Boolean(category(draft.key)?.off)} /> {t('items.categoryOff', { category: name })}
                              </label>
                              <Field
                                {...numberInput}
                                id={field}
                                name={field}
                                label={t('items.maxPerItem', { category: name })}
                                hint={t('items.asTemplate', { value: draft.initial.maxPerItem === null ? t('items.noMax') : typed(draft.initial.maxPerItem) })}
                                defaultValue={typed(category(draft.key)?.maxPerItem)}
                                error={errorOf(field)}
                              />
                            </div>
                          );
                        })}
                        {gauges.map((draft, index) => {
                          const name = shown(draft.label) || t('gauges.unnamed', { number: index + 1 });
                          const own = gaugeOverride(draft.key);
                          return (
                            <div key={draft.key} className="stack">
                              <label className="checkbox">
                                <input type="checkbox" name={`gaugeOff_${idea.id}_${draft.key}`} value="on" defaultChecked={Boolean(own?.off)} /> {t('items.gaugeOff', { gauge: name })}
                              </label>
                              {draft.type === 'numeric'
                                ? (['min', 'max', 'step'] as const).map((bound) => {
                                    const field = `gauge${bound === 'min' ? 'Min' : bound === 'max' ? 'Max' : 'Step'}_${idea.id}_${draft.key}`;
                                    const template = draft.initial ? draft.initial[bound] : null;
                                    return (
                                      <Field
                                        key={bound}
                                        {...numberInput}
                                        id={field}
                                        name={field}
                                        label={t(`items.${bound}`, { gauge: name })}
                                        hint={template !== null ? t('items.asTemplate', { value: typed(template) }) : undefined}
                                        defaultValue={typed(own?.[bound])}
                                        error={errorOf(field)}
                                      />
                                    );
                                  })
                                : null}
                            </div>
                          );
                        })}
                      </div>
                    </details>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </fieldset>

      <ChoiceGroup className="token-vote-settings__group" id="token-vote-results" legend={t('results.heading')} hint={t('results.hint')} error={errorOf('results')}>
        {(['live', 'afterClose'] as const).map((when) => (
          <p key={when}>
            <label className="checkbox">
              <input type="radio" name="results" value={when} defaultChecked={config.results === when} /> {t(`results.${when}`)}
            </label>
          </p>
        ))}
      </ChoiceGroup>

      <div className="button-row">
        <button type="submit" className="button">
          {t('save')}
        </button>
      </div>
    </Form>
  );
}
