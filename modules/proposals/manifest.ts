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
  realtimeEvents: ['moderation:changed'],
  namespaces: ['proposals', 'proposals-sequence', 'proposals-moderation'],
};
