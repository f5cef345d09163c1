import { contrastWithWhite, isHexColor, minContrast } from '../../platform/colors';
import { formText, formTexts, isUuid, typedNumber } from '../../platform/modules/form';
import { refuse } from '../../platform/modules/errors';
import type { ModuleContext } from '../../platform/modules/server';
import type { Gauge, TokenCategory, TokenVoteConfig, VoteItem } from './manifest';
import type { TokenVoteSettingsData } from './token-vote-data';
import { maxCategories, maxGauges, maxItems, maxTokens } from './tokens';

/*
 * The strategist's settings of a token vote: what the settings form sends, read field by field
 * so that the first mistake comes back beside its field (the manifest's schema checks the
 * result again). Field names, which token-vote-settings.tsx writes:
 *   itemIds (repeated, checked ideas)                       results (live | afterClose)
 *   category (repeated keys, in order): label_<k>_<lang>, color_<k>, budget_<k>, maxPerItem_<k>, sign_<k>, excludes_<k> (repeated)
 *   gauge (repeated keys, in order): gaugeType_<g>, gaugeLabel_<g>_<lang>,
 *     numeric: gaugeMin_<g>, gaugeMax_<g>, gaugeStep_<g>, gaugeUnit_<g>_<lang>;
 *     labelled: choice_<g> (repeated keys, lowest first), choiceLabel_<g>_<c>_<lang>
 *   per chosen item i: off_<i>_<k>, maxPerItem_<i>_<k>, gaugeOff_<i>_<g>, gaugeMin_<i>_<g>, gaugeMax_<i>_<g>, gaugeStep_<i>_<g>
 */

type Context = ModuleContext<TokenVoteConfig>;
interface Override {
  categories: Record<string, { off?: boolean; maxPerItem?: number | null }>;
  gauges: Record<string, { off?: boolean; min?: number; max?: number; step?: number }>;
}
type NumericGauge = Extract<Gauge, { type: 'numeric' }>;

const maxLabel = 60;
const maxUnit = 20;
const minChoices = 2;
const maxChoices = 7;

const keyPattern = /^[a-z]{1,8}$/;

/**
 * A number as a person types it in French or English: "1 500" (spaces, also the non-breaking
 * ones a copy-paste brings, between groups of three digits), "2,5" or "2.5". Null when empty;
 * anything else (letters, "1e3", "1,5,3") is refused with `number.invalid`.
 */
export function parseTypedNumber(raw: string, field: string): number | null {
  const value = typedNumber(raw);
  return value !== null && Number.isNaN(value) ? refuse(field, 'number.invalid') : value;
}

function requiredNumber(form: FormData, field: string): number {
  return parseTypedNumber(formText(form, field), field) ?? refuse(field, 'number.required');
}

function wholeNumber(value: number, field: string): number {
  if (!Number.isInteger(value)) refuse(field, 'number.notWhole');
  return value;
}

/** The keys a repeated hidden field lists (categories, gauges, choices), in order, each a valid key once. */
function keysOf(form: FormData, name: string, field: string, code: string): string[] {
  const keys = formTexts(form, name);
  if (new Set(keys).size !== keys.length || keys.some((key) => !keyPattern.test(key))) refuse(field, code);
  return keys;
}

/** A label in each language of the consultation (`<prefix>_<lang>`): the main language's is required. */
function labelFrom(context: Context, form: FormData, prefix: string, { required = true, max = maxLabel } = {}): Record<string, string> {
  const { consultation } = context;
  const label: Record<string, string> = {};
  for (const lang of consultation.languages) {
    const value = formText(form, `${prefix}_${lang}`).trim();
    if (value.length > max) refuse(`${prefix}_${lang}`, max === maxUnit ? 'unit.tooLong' : 'label.tooLong');
    if (value) label[lang] = value;
  }
  if (required && !label[consultation.default_language]) refuse(`${prefix}_${consultation.default_language}`, 'label.required');
  return label;
}

/** Whether `max − min` is a whole number of `step`s (within floating-point noise: 0.1 steps…). */
function wholeSteps(min: number, max: number, step: number): boolean {
  const steps = (max - min) / step;
  return Math.abs(steps - Math.round(steps)) <= 1e-9 * Math.max(1, Math.abs(steps));
}

/** The range of a numeric gauge: min below max, and a positive step that divides the range. */
function checkRange(min: number, max: number, step: number, fields: { max: string; step: string }) {
  if (min >= max) refuse(fields.max, 'gauge.range');
  if (step <= 0) refuse(fields.step, 'step.positive');
  if (!wholeSteps(min, max, step)) refuse(fields.step, 'step.uneven');
}

function categoriesFromForm(context: Context, form: FormData): TokenCategory[] {
  const keys = keysOf(form, 'category', 'categories', 'categories.invalid');
  if (keys.length < 1) refuse('categories', 'categories.tooFew');
  if (keys.length > maxCategories) refuse('categories', 'categories.tooMany');
  return keys.map((key) => {
    const label = labelFrom(context, form, `label_${key}`);
    const color = formText(form, `color_${key}`).trim().toLowerCase();
    if (!isHexColor(color)) refuse(`color_${key}`, 'color.invalid');
    if (contrastWithWhite(color) < minContrast) refuse(`color_${key}`, 'color.lowContrast');
    const budget = wholeNumber(requiredNumber(form, `budget_${key}`), `budget_${key}`);
    if (budget < 1 || budget > maxTokens) refuse(`budget_${key}`, 'budget.range');
    const typedMax = parseTypedNumber(formText(form, `maxPerItem_${key}`), `maxPerItem_${key}`);
    const maxPerItem = typedMax === null ? null : wholeNumber(typedMax, `maxPerItem_${key}`);
    if (maxPerItem !== null && maxPerItem < 1) refuse(`maxPerItem_${key}`, 'maxPerItem.range');
    if (maxPerItem !== null && maxPerItem > budget) refuse(`maxPerItem_${key}`, 'maxPerItem.overBudget');
    const sign = formText(form, `sign_${key}`);
    if (sign !== 'for' && sign !== 'against') refuse(`sign_${key}`, 'sign.invalid');
    const excludes = [...new Set(formTexts(form, `excludes_${key}`))];
    if (excludes.some((other) => other === key || !keys.includes(other))) refuse(`excludes_${key}`, 'excludes.unknown');
    return { key, label, color, budget, maxPerItem, excludes, sign: sign as 'for' | 'against' };
  });
}

function gaugesFromForm(context: Context, form: FormData): Gauge[] {
  const keys = keysOf(form, 'gauge', 'gauges', 'gauges.invalid');
  if (keys.length > maxGauges) refuse('gauges', 'gauges.tooMany');
  return keys.map((key): Gauge => {
    const type = formText(form, `gaugeType_${key}`);
    const label = labelFrom(context, form, `gaugeLabel_${key}`);
    if (type === 'numeric') {
      const min = requiredNumber(form, `gaugeMin_${key}`);
      const max = requiredNumber(form, `gaugeMax_${key}`);
      const step = requiredNumber(form, `gaugeStep_${key}`);
      checkRange(min, max, step, { max: `gaugeMax_${key}`, step: `gaugeStep_${key}` });
      return { key, label, type, min, max, step, unit: labelFrom(context, form, `gaugeUnit_${key}`, { required: false, max: maxUnit }) };
    }
    if (type !== 'labelled') refuse(`gaugeType_${key}`, 'gauge.type');
    const choiceKeys = keysOf(form, `choice_${key}`, `choices_${key}`, 'choices.invalid');
    if (choiceKeys.length < minChoices) refuse(`choices_${key}`, 'choices.tooFew');
    if (choiceKeys.length > maxChoices) refuse(`choices_${key}`, 'choices.tooMany');
    const choices = choiceKeys.map((choice) => ({ key: choice, label: labelFrom(context, form, `choiceLabel_${key}_${choice}`) }));
    return { key, label, type: 'labelled', choices };
  });
}

/** The chosen ideas, checked to be this consultation's, those already voted on first in their order, then the new ones as the form lists them. */
async function itemIdsFromForm(context: Context, form: FormData): Promise<string[]> {
  const wanted = [...new Set(formTexts(form, 'itemIds'))];
  if (wanted.some((id) => !isUuid(id))) refuse('itemIds', 'items.unknown');
  if (wanted.length > maxItems) refuse('itemIds', 'items.tooMany');
  if (wanted.length > 0) {
    const known = await context.db.selectFrom('ideas').select('id').where('consultation_id', '=', context.consultation.id).where('id', 'in', wanted).execute();
    if (known.length !== wanted.length) refuse('itemIds', 'items.unknown');
  }
  const kept = context.instance.config.items.map((item) => item.id).filter((id) => wanted.includes(id));
  return [...kept, ...wanted.filter((id) => !kept.includes(id))];
}

/**
 * What one item changes of the template, keeping only what differs from it: an item without
 * exceptions gets no override, so that it follows later changes of the template.
 */
function overrideFromForm(form: FormData, itemId: string, categories: TokenCategory[], gauges: Gauge[]): Override | undefined {
  const override: Override = { categories: {}, gauges: {} };
  for (const category of categories) {
    if (formText(form, `off_${itemId}_${category.key}`)) {
      override.categories[category.key] = { off: true };
      continue;
    }
    const field = `maxPerItem_${itemId}_${category.key}`;
    const typed = parseTypedNumber(formText(form, field), field);
    if (typed === null) continue;
    const maxPerItem = wholeNumber(typed, field);
    if (maxPerItem < 1) refuse(field, 'maxPerItem.range');
    if (maxPerItem > category.budget) refuse(field, 'maxPerItem.overBudget');
    if (maxPerItem !== category.maxPerItem) override.categories[category.key] = { maxPerItem };
  }
  for (const gauge of gauges) {
    if (formText(form, `gaugeOff_${itemId}_${gauge.key}`)) {
      override.gauges[gauge.key] = { off: true };
      continue;
    }
    if (gauge.type !== 'numeric') continue;
    const own = numericOverride(form, itemId, gauge);
    if (own) override.gauges[gauge.key] = own;
  }
  return Object.keys(override.categories).length > 0 || Object.keys(override.gauges).length > 0 ? override : undefined;
}

function numericOverride(form: FormData, itemId: string, gauge: NumericGauge): { min?: number; max?: number; step?: number } | null {
  const field = (name: string) => `${name}_${itemId}_${gauge.key}`;
  const min = parseTypedNumber(formText(form, field('gaugeMin')), field('gaugeMin')) ?? gauge.min;
  const max = parseTypedNumber(formText(form, field('gaugeMax')), field('gaugeMax')) ?? gauge.max;
  const step = parseTypedNumber(formText(form, field('gaugeStep')), field('gaugeStep')) ?? gauge.step;
  checkRange(min, max, step, { max: field('gaugeMax'), step: field('gaugeStep') });
  const own = { ...(min !== gauge.min ? { min } : {}), ...(max !== gauge.max ? { max } : {}), ...(step !== gauge.step ? { step } : {}) };
  return Object.keys(own).length > 0 ? own : null;
}

/** What holds votes in this instance: items, categories and gauges with tokens or answers, and the chosen gauge choices. */
async function votesInUse({ db, instance }: Context) {
  const [allocations, answers] = await Promise.all([
    db.selectFrom('token_allocations').select(['item_id', 'category_key']).distinct().where('instance_id', '=', instance.id).execute(),
    db.selectFrom('gauge_votes').select(['item_id', 'gauge_key', 'choice']).distinct().where('instance_id', '=', instance.id).execute(),
  ]);
  return {
    itemsInUse: [...new Set([...allocations.map((row) => row.item_id), ...answers.map((row) => row.item_id)])],
    categoriesInUse: [...new Set(allocations.map((row) => row.category_key))],
    gaugesInUse: [...new Set(answers.map((row) => row.gauge_key))],
    choicesInUse: answers.flatMap((row) => (row.choice === null ? [] : [{ gauge: row.gauge_key, choice: row.choice }])),
  };
}

/** Every idea of the consultation to choose from, and what holds votes (which the form will not let go). */
export async function loadTokenVoteSettings(context: Context): Promise<TokenVoteSettingsData> {
  const [ideas, inUse] = await Promise.all([
    context.db
      .selectFrom('ideas')
      .leftJoin('extracts', 'extracts.idea_id', 'ideas.id')
      .select((eb) => ['ideas.id', 'ideas.title', eb.fn.count<string>('extracts.id').as('extracts')])
      .where('ideas.consultation_id', '=', context.consultation.id)
      .groupBy('ideas.id')
      .orderBy('ideas.title')
      .execute(),
    votesInUse(context),
  ]);
  return {
    ideas: ideas.map((idea) => ({ id: idea.id, title: idea.title, extracts: Number(idea.extracts) })),
    itemsInUse: inUse.itemsInUse,
    categoriesInUse: inUse.categoriesInUse,
    gaugesInUse: inUse.gaugesInUse,
  };
}

/**
 * The configuration the settings form describes, or a ModuleInputError for its first mistake.
 * Nothing that holds votes may disappear (409): an item, a category, a gauge, a gauge's choice
 * or the kind of a gauge; votes stay valid otherwise, since moves only add within the new rules.
 */
export async function tokenVoteConfigFromForm(context: Context, form: FormData): Promise<TokenVoteConfig> {
  const categories = categoriesFromForm(context, form);
  const gauges = gaugesFromForm(context, form);
  const itemIds = await itemIdsFromForm(context, form);
  const items = itemIds.map((id): VoteItem => {
    const override = overrideFromForm(form, id, categories, gauges);
    return override ? { kind: 'idea', id, override } : { kind: 'idea', id };
  });
  const results = formText(form, 'results');
  if (results !== 'live' && results !== 'afterClose') refuse('results', 'results.invalid');

  const inUse = await votesInUse(context);
  if (inUse.categoriesInUse.some((key) => !categories.some((category) => category.key === key))) refuse('categories', 'categories.inUse', 409);
  for (const key of inUse.gaugesInUse) {
    const gauge = gauges.find((candidate) => candidate.key === key) ?? refuse('gauges', 'gauges.inUse', 409);
    const before = context.instance.config.gauges.find((candidate) => candidate.key === key);
    if (before && before.type !== gauge.type) refuse(`gaugeType_${key}`, 'gauge.typeInUse', 409);
    if (gauge.type === 'labelled' && inUse.choicesInUse.some((used) => used.gauge === key && !gauge.choices.some((choice) => choice.key === used.choice))) {
      refuse(`choices_${key}`, 'choices.inUse', 409);
    }
  }
  const removed = inUse.itemsInUse.filter((id) => !itemIds.includes(id));
  if (removed.length > 0) {
    // Votes on an idea that no longer exists cannot be kept anyway: only live ideas hold the form back.
    const live = await context.db.selectFrom('ideas').select('id').where('consultation_id', '=', context.consultation.id).where('id', 'in', removed).execute();
    if (live.length > 0) refuse('itemIds', 'items.inUse', 409);
  }
  return { items, categories, gauges, results: results as TokenVoteConfig['results'] };
}
