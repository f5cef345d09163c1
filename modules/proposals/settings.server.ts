import { formText, typedNumber } from '../../platform/modules/form';
import { refuse } from '../../platform/modules/errors';
import type { ModuleContext } from '../../platform/modules/server';
import { resultsConfigOf, resultsSchema, weightingMarginSchema, type ProposalsConfig, type ResultsConfig, type SequenceConfig, type WeightingMargin } from './manifest';
import type { ProposalsSettingsData, ResultsNumberField, ResultsSettingsData, SettingsNumberBounds } from './participation-data';
import { settingsBounds } from './rules';

/*
 * The strategist's settings of a massive consultation, read field by field so that the first
 * mistake comes back beside its field (the manifest's schema checks the result again). Field
 * names, which proposals-settings.tsx writes:
 *   prefix_<lang> (each language of the consultation; the default one required)
 *   minChars, maxChars (characters after the prefix), askTheme (checkbox)
 *   cards, newShare (%), newThreshold, controversyShare (%), cap, rejectionBound (%)
 *   resultsVisibility (live | afterClose), minVotes, topSize, consensusAgreeLow (%),
 *   controversyBothLow (%), rejectionDisagreeLow (%), limboNeutral (%), minSegmentVoters,
 *   minVotesPerParticipant, minGroupShare (%), and per weighting margin n (1…4):
 *   weightingField_<n> (a segment field or `source`) and weightingShares_<n> (lines "value = share %")
 */

type Context = ModuleContext<ProposalsConfig>;

/** The longest prefix ("Il faut", "Je propose de"…): it is shown before every proposal. */
export const maxPrefixLength = 40;
type NumberField = keyof typeof settingsBounds;

/**
 * A number as a person types it in French or English: "1 500" (spaces, the non-breaking ones
 * too, between groups of three digits), "2,5" or "2.5"; within the field's bounds.
 */
function typedNumberIn(form: FormData, field: string, { min, max }: { min: number; max: number }, { whole }: { whole: boolean }): number {
  // A share may be typed with its percent sign.
  const value = typedNumber(formText(form, field).trim().replace(/\s*%$/, '')) ?? refuse(field, 'number.required');
  if (Number.isNaN(value) || value < 0) refuse(field, 'number.invalid');
  if (whole && !Number.isInteger(value)) refuse(field, 'number.notWhole');
  if (value < min || value > max) refuse(field, 'number.range');
  return value;
}

const numberFrom = (form: FormData, field: NumberField, { whole }: { whole: boolean }) => typedNumberIn(form, field, settingsBounds[field], { whole });

/** Thresholds typed as percentages ("60 %" is 0.6). */
const percentFields = new Set<ResultsNumberField>(['consensusAgreeLow', 'controversyBothLow', 'rejectionDisagreeLow', 'limboNeutral', 'minGroupShare']);
const resultsNumberFields: readonly ResultsNumberField[] = ['minVotes', 'topSize', 'consensusAgreeLow', 'controversyBothLow', 'rejectionDisagreeLow', 'limboNeutral', 'minSegmentVoters', 'minVotesPerParticipant', 'minGroupShare'];

/** The form's bounds, read from the configuration's schema so that the two never disagree. */
export const resultsBounds = Object.fromEntries(
  resultsNumberFields.map((field): [ResultsNumberField, SettingsNumberBounds] => {
    const schema = resultsSchema.shape[field];
    const percent = percentFields.has(field);
    const scale = percent ? 100 : 1;
    return [field, { min: (schema.minValue ?? 0) * scale, max: (schema.maxValue ?? Number.MAX_SAFE_INTEGER) * scale, whole: schema.isInt, percent }];
  }),
) as Record<ResultsNumberField, SettingsNumberBounds>;

const maxMargins = resultsSchema.shape.weighting._def.maxLength?.value ?? 0;
/** A margin's shares may miss 100 % by this much (rounded census figures); they are then scaled to sum to 1. */
const shareSumTolerance = 0.5;

const weightingFieldsOf = (context: Context) => [...context.consultation.segment_fields, 'source'];

function resultsSettingsData(context: Context): ResultsSettingsData {
  return { current: resultsConfigOf(context.instance.config), bounds: resultsBounds, weightingFields: weightingFieldsOf(context), maxMargins };
}

/**
 * One margin's lines, "Bretagne = 5,1 %" (":" also separates, the percent sign is optional),
 * as shares of 1. Blank lines are skipped.
 */
function sharesFrom(form: FormData, field: string): WeightingMargin['shares'] {
  // A Map: a value typed as "__proto__" or "constructor" is a value like any other.
  const shares = new Map<string, number>();
  let total = 0;
  for (const line of formText(form, field).split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const match = /^(.+?)\s*[=:]\s*([^=:]+?)\s*%?\s*$/.exec(line.trim());
    if (!match) refuse(field, 'weighting.line');
    const value = match[1]!.replace(/\s+/g, ' ');
    if (!weightingMarginSchema.shape.shares.keySchema.safeParse(value).success) refuse(field, 'weighting.value');
    if (shares.has(value)) refuse(field, 'weighting.duplicateValue');
    const share = typedNumber(match[2]!);
    if (share === null || Number.isNaN(share) || share < 0) refuse(field, 'weighting.share');
    shares.set(value, share);
    total += share;
  }
  if (shares.size === 0) refuse(field, 'weighting.sharesRequired');
  if (Math.abs(total - 100) > shareSumTolerance) refuse(field, 'weighting.sum');
  return Object.fromEntries([...shares].map(([value, share]) => [value, share / total]));
}

/**
 * The results settings the form describes. A form without them (a script written before they
 * existed) keeps the instance's current ones.
 */
function resultsFrom(context: Context, form: FormData): ResultsConfig | undefined {
  if (!form.has('resultsVisibility')) return context.instance.config.results;
  const visibility = formText(form, 'resultsVisibility');
  if (visibility !== 'live' && visibility !== 'afterClose') refuse('resultsVisibility', 'visibility.invalid');
  const numbers = Object.fromEntries(
    resultsNumberFields.map((field) => {
      const bounds = resultsBounds[field];
      const typed = typedNumberIn(form, field, bounds, { whole: bounds.whole });
      return [field, bounds.percent ? typed / 100 : typed];
    }),
  ) as Record<ResultsNumberField, number>;
  const allowed = weightingFieldsOf(context);
  const weighting: WeightingMargin[] = [];
  for (let n = 1; n <= maxMargins; n += 1) {
    const field = formText(form, `weightingField_${n}`).trim();
    const lines = formText(form, `weightingShares_${n}`).trim();
    if (!field && !lines) continue;
    if (!field) refuse(`weightingField_${n}`, 'weighting.fieldRequired');
    if (!allowed.includes(field)) refuse(`weightingField_${n}`, 'weighting.field');
    if (weighting.some((margin) => margin.field === field)) refuse(`weightingField_${n}`, 'weighting.duplicateField');
    weighting.push({ field, shares: sharesFrom(form, `weightingShares_${n}`) });
  }
  return { visibility, ...numbers, weighting };
}

/** How many proposals and themes there are, for the form's hints. */
export async function loadProposalsSettings(context: Context): Promise<ProposalsSettingsData> {
  const { db, consultation, instance } = context;
  const [proposals, themes] = await Promise.all([
    db.selectFrom('proposals').select((eb) => eb.fn.countAll<string>().as('count')).where('instance_id', '=', instance.id).executeTakeFirstOrThrow(),
    db.selectFrom('themes').select((eb) => eb.fn.countAll<string>().as('count')).where('consultation_id', '=', consultation.id).executeTakeFirstOrThrow(),
  ]);
  return { proposals: Number(proposals.count), themes: Number(themes.count), results: resultsSettingsData(context) };
}

/** The configuration the settings form describes, or a ModuleInputError for its first mistake. */
export async function proposalsConfigFromForm(context: Context, form: FormData): Promise<ProposalsConfig> {
  const { consultation } = context;
  const prefix: Record<string, string> = {};
  for (const lang of consultation.languages) {
    const value = formText(form, `prefix_${lang}`).replace(/\s+/g, ' ').trim();
    if ([...value].length > maxPrefixLength) refuse(`prefix_${lang}`, 'prefix.tooLong');
    if (value) prefix[lang] = value;
  }
  if (!prefix[consultation.default_language]) refuse(`prefix_${consultation.default_language}`, 'prefix.required');

  const minChars = numberFrom(form, 'minChars', { whole: true });
  const maxChars = numberFrom(form, 'maxChars', { whole: true });
  if (minChars >= maxChars) refuse('maxChars', 'chars.order');

  const sequence: SequenceConfig = {
    cards: numberFrom(form, 'cards', { whole: true }),
    newShare: numberFrom(form, 'newShare', { whole: false }) / 100,
    newThreshold: numberFrom(form, 'newThreshold', { whole: true }),
    controversyShare: numberFrom(form, 'controversyShare', { whole: false }) / 100,
    cap: numberFrom(form, 'cap', { whole: true }),
    rejectionBound: numberFrom(form, 'rejectionBound', { whole: false }) / 100,
  };
  // A proposal leaving the pool before it is out of the "new" pile would never be tested.
  if (sequence.cap <= sequence.newThreshold) refuse('cap', 'cap.belowThreshold');
  const results = resultsFrom(context, form);
  return { prefix, minChars, maxChars, askTheme: form.get('askTheme') === 'on', sequence, ...(results ? { results } : {}) };
}
