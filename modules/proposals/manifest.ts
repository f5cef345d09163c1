import { z } from 'zod';
import type { ModuleManifest } from '../../platform/modules/manifest';
import { defaultMaxChars, defaultMinChars } from './rules';
import type { ProposalsSettingsData } from './participation-data';
import type { ProposalsPageData, ProposalsSummaryData } from './proposals-data';
import { ProposalsPage } from './proposals-page';
import { ProposalsSettings } from './proposals-settings';
import { ProposalsSummary } from './proposals-summary';

const localized = (max: number) => z.record(z.string().regex(/^[a-z]{2}$/), z.string().trim().max(max));

/** How the fair sequence serves cards (every parameter per consultation; see sequence.ts). */
export const sequenceSchema = z.object({
  /** Cards in one stack. */
  cards: z.number().int().min(1).max(50),
  /** Share of the stack given to new proposals (fewer than `newThreshold` sequence votes). */
  newShare: z.number().min(0).max(1),
  newThreshold: z.number().int().min(1).max(1000),
  /** Share of the tested cards chosen as controversy candidates (the rest as consensus candidates). */
  controversyShare: z.number().min(0).max(1),
  /** A proposal with more trusted votes than this leaves the pool. */
  cap: z.number().int().min(10).max(1_000_000),
  /** A tested proposal whose agreement is clearly below this (upper bound of its 95% interval) is skipped. */
  rejectionBound: z.number().min(0).max(1),
});

/** One weighting margin: the target population's shares of a segment field's values (census shares by region…). */
export const weightingMarginSchema = z.object({
  field: z.string().regex(/^[a-z_]{1,40}$/),
  /** Value → share of the target population; the shares sum to 1. */
  shares: z.record(z.string().trim().min(1).max(200), z.number().min(0).max(1)),
});
export type WeightingMargin = z.infer<typeof weightingMarginSchema>;

/** Who sees the results and the thresholds of the zones (docs/emergence.md). */
export const resultsSchema = z.object({
  /** `live`: participants see the results page while the phase runs; `afterClose`: once it is over. The team always sees them. */
  visibility: z.enum(['live', 'afterClose']),
  /** Trusted votes a proposal needs before it is placed in a zone or a top. */
  minVotes: z.number().int().min(1).max(100_000),
  /** Entries in each top. */
  topSize: z.number().int().min(1).max(100),
  /** Consensus: the lower bound of agreement reaches this. */
  consensusAgreeLow: z.number().min(0).max(1),
  /** Controversy: the lower bounds of both agreement and disagreement reach this. */
  controversyBothLow: z.number().min(0).max(0.5),
  /** Rejection: the lower bound of disagreement reaches this. */
  rejectionDisagreeLow: z.number().min(0).max(1),
  /** Limbo: the share of neutral votes reaches this. */
  limboNeutral: z.number().min(0).max(1),
  /** A segment value held by fewer voters is never shown apart. */
  minSegmentVoters: z.number().int().min(1).max(1000),
  /** Opinion groups: a participant needs this many votes to be placed. */
  minVotesPerParticipant: z.number().int().min(1).max(1000),
  /** A group smaller than this share of the grouped participants cannot veto a consensus. */
  minGroupShare: z.number().min(0).max(0.5),
  /** Target margins for weighting (none: raw figures only). */
  weighting: z.array(weightingMarginSchema).max(4),
});
export type ResultsConfig = z.infer<typeof resultsSchema>;

export const defaultResultsConfig: ResultsConfig = {
  visibility: 'afterClose',
  minVotes: 30,
  topSize: 10,
  consensusAgreeLow: 0.6,
  controversyBothLow: 0.25,
  rejectionDisagreeLow: 0.6,
  limboNeutral: 0.5,
  minSegmentVoters: 5,
  minVotesPerParticipant: 5,
  minGroupShare: 0.1,
  weighting: [],
};

/** An instance's results settings; configurations saved before results existed get the defaults. */
export function resultsConfigOf(config: ProposalsConfig): ResultsConfig {
  return { ...defaultResultsConfig, ...config.results };
}

/**
 * A massive consultation's proposals: the prefix per language, the length allowed after it,
 * whether a theme is asked, and the sequence's parameters.
 */
export const proposalsConfig = z.object({
  prefix: localized(40).refine((text) => Object.values(text).some((value) => value.length > 0), 'prefix.required'),
  minChars: z.number().int().min(1).max(400),
  maxChars: z.number().int().min(1).max(400),
  askTheme: z.boolean(),
  sequence: sequenceSchema,
  results: resultsSchema.optional(),
});
export type ProposalsConfig = z.infer<typeof proposalsConfig>;
export type SequenceConfig = ProposalsConfig['sequence'];

export const defaultSequenceConfig: SequenceConfig = { cards: 12, newShare: 0.3, newThreshold: 10, controversyShare: 0.1, cap: 1500, rejectionBound: 0.25 };

export const defaultProposalsConfig: ProposalsConfig = {
  prefix: { fr: 'Il faut', en: 'We should' },
  minChars: defaultMinChars,
  maxChars: defaultMaxChars,
  askTheme: true,
  sequence: defaultSequenceConfig,
  results: defaultResultsConfig,
};

/**
 * The massive consultation: participants propose answers to the question, vote and qualify
 * others' proposals through a fair sequence of cards, and moderators work through the proposals
 * with machine assistance. Also served in an embeddable widget (/embed/<consultation>).
 */
export const proposalsManifest: ModuleManifest<ProposalsConfig, ProposalsSummaryData, ProposalsPageData, ProposalsSettingsData> = {
  id: 'proposals',
  name: { fr: 'Propositions et votes', en: 'Proposals and votes' },
  phases: ['appropriation', 'ideation', 'deepening', 'prioritisation'],
  configSchema: proposalsConfig,
  Component: ProposalsSummary,
  Page: ProposalsPage,
  Settings: ProposalsSettings,
  defaultConfig: defaultProposalsConfig,
  realtimeEvents: ['moderation:changed', 'results:changed'],
  namespaces: ['proposals', 'proposals-sequence', 'proposals-moderation', 'proposals-results', 'proposals-analysis', 'charts'],
};
