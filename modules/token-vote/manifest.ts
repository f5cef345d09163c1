import { z } from 'zod';
import { isHexColor } from '../../platform/colors';
import type { ModuleManifest } from '../../platform/modules/manifest';
import { maxCategories, maxGauges, maxItems, maxTokens } from './tokens';
import type { TokenVotePageData, TokenVoteSettingsData, TokenVoteSummaryData } from './token-vote-data';
import { TokenVotePage } from './token-vote-page';
import { TokenVoteSettings } from './token-vote-settings';
import { TokenVoteSummary } from './token-vote-summary';

const key = z.string().regex(/^[a-z]{1,8}$/);
const localized = (max: number) => z.record(z.string().regex(/^[a-z]{2}$/), z.string().trim().max(max));
const label = localized(60).refine((text) => Object.values(text).some((value) => value.length > 0), 'label.required');
const tokenCount = z.number().int().min(1).max(maxTokens);

/** A kind of token (green "to act on", red "little potential"…): how many each participant has, and its rules. */
export const categorySchema = z.object({
  key,
  label,
  color: z.string().refine(isHexColor, 'color.invalid'),
  /** Tokens of this category each participant may place, over all items. */
  budget: tokenCount,
  /** At most this many on one item (null: up to the whole budget). */
  maxPerItem: tokenCount.nullable(),
  /** Categories that cannot sit on the same item as this one, for one participant (both ways). */
  excludes: z.array(key).max(maxCategories),
  /** For the net score: tokens that count for an item, or against it. */
  sign: z.enum(['for', 'against']),
});

const numericGauge = z.object({
  key,
  label,
  type: z.literal('numeric'),
  min: z.number().finite(),
  max: z.number().finite(),
  step: z.number().finite().positive(),
  /** Shown after the number (€, %, days…). */
  unit: localized(20),
});
const labelledGauge = z.object({
  key,
  label,
  type: z.literal('labelled'),
  /** Ordered choices, from the lowest ("not a priority") to the highest ("top priority"). */
  choices: z.array(z.object({ key, label })).min(2).max(7),
});
export const gaugeSchema = z.discriminatedUnion('type', [numericGauge, labelledGauge]);

/** What one item changes of the template: a category or gauge switched off, another maximum, another range. */
export const overrideSchema = z.object({
  categories: z.record(key, z.object({ off: z.boolean().optional(), maxPerItem: tokenCount.nullable().optional() })).optional(),
  gauges: z
    .record(key, z.object({ off: z.boolean().optional(), min: z.number().finite().optional(), max: z.number().finite().optional(), step: z.number().finite().positive().optional() }))
    .optional(),
});

export const itemSchema = z.object({
  /** What is voted on: an idea caught in the consultation (proposals will join them). */
  kind: z.enum(['idea']),
  id: z.string().uuid(),
  override: overrideSchema.optional(),
});

/**
 * A token vote: the items, a template (token categories and gauges) every item follows unless
 * its override says otherwise, and when participants see the results.
 */
export const tokenVoteConfig = z
  .object({
    items: z.array(itemSchema).max(maxItems),
    categories: z.array(categorySchema).min(1).max(maxCategories),
    gauges: z.array(gaugeSchema).max(maxGauges),
    /** `live`: participants see the results while they vote; `afterClose`: once the phase is over. The team always sees them. */
    results: z.enum(['live', 'afterClose']),
  })
  .superRefine((config, issue) => {
    const categoryKeys = config.categories.map((category) => category.key);
    if (new Set(categoryKeys).size !== categoryKeys.length) issue.addIssue({ code: 'custom', path: ['categories'], message: 'categories.duplicate' });
    for (const category of config.categories) {
      if (category.excludes.some((other) => other === category.key || !categoryKeys.includes(other))) issue.addIssue({ code: 'custom', path: ['categories'], message: 'excludes.unknown' });
      if (category.maxPerItem !== null && category.maxPerItem > category.budget) issue.addIssue({ code: 'custom', path: ['categories'], message: 'maxPerItem.overBudget' });
    }
    const gaugeKeys = config.gauges.map((gauge) => gauge.key);
    if (new Set(gaugeKeys).size !== gaugeKeys.length) issue.addIssue({ code: 'custom', path: ['gauges'], message: 'gauges.duplicate' });
    for (const gauge of config.gauges) {
      if (gauge.type === 'numeric' && gauge.min >= gauge.max) issue.addIssue({ code: 'custom', path: ['gauges'], message: 'gauge.range' });
      if (gauge.type === 'labelled' && new Set(gauge.choices.map((choice) => choice.key)).size !== gauge.choices.length) issue.addIssue({ code: 'custom', path: ['gauges'], message: 'choices.duplicate' });
    }
    const itemIds = config.items.map((item) => item.id);
    if (new Set(itemIds).size !== itemIds.length) issue.addIssue({ code: 'custom', path: ['items'], message: 'items.duplicate' });
  });
export type TokenVoteConfig = z.infer<typeof tokenVoteConfig>;
export type TokenCategory = TokenVoteConfig['categories'][number];
export type Gauge = TokenVoteConfig['gauges'][number];
export type VoteItem = TokenVoteConfig['items'][number];

export const defaultTokenVoteConfig: TokenVoteConfig = {
  items: [],
  categories: [
    { key: 'a', label: { fr: 'À mettre en œuvre', en: 'To act on' }, color: '#1b7a3d', budget: 5, maxPerItem: 3, excludes: ['b'], sign: 'for' },
    { key: 'b', label: { fr: 'Peu de potentiel', en: 'Little potential' }, color: '#b3261e', budget: 3, maxPerItem: 1, excludes: ['a'], sign: 'against' },
  ],
  gauges: [],
  results: 'afterClose',
};

/**
 * The assembly method's prioritisation: participants spread tokens of one or more categories
 * (green to act on, red for little potential…) over the items, and may answer gauges (a budget
 * in euros, "not a priority" to "top priority"). Budgets and rules hold on the server whatever
 * a participant sends; results are ranked, split by segment and exported.
 */
export const tokenVoteManifest: ModuleManifest<TokenVoteConfig, TokenVoteSummaryData, TokenVotePageData, TokenVoteSettingsData> = {
  id: 'token-vote',
  name: { fr: 'Vote par jetons', en: 'Token vote' },
  phases: ['prioritisation'],
  configSchema: tokenVoteConfig,
  Component: TokenVoteSummary,
  Page: TokenVotePage,
  Settings: TokenVoteSettings,
  defaultConfig: defaultTokenVoteConfig,
  realtimeEvents: ['results:changed'],
  namespaces: ['token-vote', 'token-vote-settings'],
};
