import type { VoteKind } from '../../platform/db/schema';

/*
 * The emergence of a massive consultation: what its participants agree on, what divides them,
 * what they reject, and who thinks what. Computed in the background (results.server.ts calls
 * emergence.ts) and stored as one snapshot per instance; the results views, the dashboard, the
 * report and the exports read the snapshot, never the votes. Formulas: docs/emergence.md.
 */

/** A figure with its 95% bounds. */
export interface Estimate {
  value: number;
  low: number;
  high: number;
}

export const qualifications = ['likeIt', 'doable', 'platitudeAgree', 'noWay', 'impossible', 'platitudeDisagree', 'doNotUnderstand', 'noOpinion', 'doNotCare'] as const;
export type Qualification = (typeof qualifications)[number];

/** Where a proposal stands (docs/emergence.md gives the rules and their order). */
export const zones = ['consensus', 'controversy', 'rejection', 'limbo', 'mixed', 'untested'] as const;
export type Zone = (typeof zones)[number];

/** Trusted votes on a proposal (or on a segment's or a group's share of them). */
export interface VoteCounts {
  votes: number;
  agree: number;
  disagree: number;
  neutral: number;
  qualifications: Record<Qualification, number>;
}

/** Every score of a proposal, each with its bounds. */
export interface Scores {
  /** Smoothed rates among the votes ((k + 0.33) / (n + 1)), Wilson bounds. */
  agree: Estimate;
  disagree: Estimate;
  neutral: Estimate;
  qualifications: Record<Qualification, Estimate>;
  /** agree + likeIt + doable − noWay − impossible − platitudeAgree − platitudeDisagree, per vote. */
  topScore: Estimate;
  /** min(agree, disagree) + min(likeIt, noWay). */
  controversy: Estimate;
  /** disagree + noWay + impossible, per vote. */
  rejection: Estimate;
  /** agree − disagree, per vote. */
  adhesion: Estimate;
  /** doable − impossible, per vote. */
  realism: Estimate;
  /** agree + disagree + likeIt + noWay, per vote: how strongly people react. */
  engagement: Estimate;
}

export interface ProposalResult {
  id: string;
  /** The text after the prefix, and its language. */
  body: string;
  language: string;
  themeId: string | null;
  ideaId: string | null;
  tags: string[];
  /** Times the proposal was served in a stack. */
  impressions: number;
  /** Untrusted votes (kept, never counted). */
  untrustedVotes: number;
  counts: VoteCounts;
  scores: Scores;
  /** With the strategist's target margins (null without weighting). */
  weighted: { counts: VoteCounts; scores: Scores; effectiveVotes: number; zone: Zone } | null;
  zone: Zone;
  /** Product over opinion groups of (agree + 1) / (seen + 2): high only when every group tends to agree. Null without groups. */
  groupConsensus: number | null;
  /** The opinion group whose support alone carries this proposal (docs/emergence.md), or null. */
  carriedBy: number | null;
}

export interface TopEntry {
  proposalId: string;
  /** 1-based; ties share a rank. */
  rank: number;
  /** The figure the top is ranked by (its lower bound first). */
  score: Estimate;
  carriedBy: number | null;
}

export interface Tops {
  /** The "actionable" list: consensus zone, ranked by the lower bound of the top score. */
  consensus: TopEntry[];
  /** Controversy zone, ranked by the lower bound of the controversy score. */
  controversy: TopEntry[];
  /** Rejection zone, ranked by the lower bound of the rejection score. */
  rejection: TopEntry[];
}

/** A segment field's results: one entry per value held by enough voters to be shown. */
export interface SegmentResult {
  /** A consultation segment field (region, age_band, gender, country, postcode) or `source` (recruitment). */
  field: string;
  values: SegmentValueResult[];
  /** Voters whose value is held by fewer than `minSegmentVoters`: counted, never shown apart. */
  hiddenVoters: number;
  /** Voters who did not answer this field. */
  unansweredVoters: number;
}

export interface SegmentValueResult {
  value: string;
  voters: number;
  votes: number;
  /** Per proposal with at least one vote from this value. */
  proposals: Record<string, { counts: VoteCounts; agree: Estimate; topScore: Estimate; zone: Zone }>;
}

export interface OpinionGroup {
  /** 1, 2, …: stable between updates (matched to the previous computation's groups), and never 0. */
  id: number;
  size: number;
  centroid: [number, number];
  /** The proposals that set the group apart: agreement in the group against the rest, significant at 5%. */
  representative: { proposalId: string; direction: 'agree' | 'disagree'; inGroup: Estimate; rest: Estimate; z: number; pValue: number }[];
}

export interface OpinionGroups {
  k: number;
  /** Mean silhouette of the chosen clustering (−1 … 1). */
  silhouette: number;
  /** Share of the variance the two axes explain. */
  explained: [number, number];
  /** Participants placed in groups (enough votes), and those left out. */
  grouped: number;
  ungrouped: number;
  groups: OpinionGroup[];
  /** Per proposal, each group's votes and agreement. */
  agreement: Record<string, { groupId: number; seen: number; agree: number; disagree: number; rate: Estimate }[]>;
  /** Anonymous dots for the scatter plot (a deterministic sample of at most 2,000 participants). */
  points: { x: number; y: number; group: number }[];
}

/** Why there are no groups (too few participants with enough votes…), when there are none. */
export type GroupsAbsence =
  | { reason: 'tooFewParticipants'; needed: number; have: number }
  /** The votes hold no more opinion structure than the same votes shuffled: the main axis explains `explained`, chance up to `chance`. */
  | { reason: 'noStructure'; explained: number; chance: number }
  | { reason: 'disabled' };

export interface Weighting {
  fields: string[];
  /** Kish's effective sample size of the weighted voters. */
  effectiveSampleSize: number;
  voters: number;
  iterations: number;
  converged: boolean;
  /** Target values nobody in the sample holds (their share cannot be reached). */
  unreachable: { field: string; value: string }[];
}

export interface Participation {
  /** People with at least one trusted vote. */
  voters: number;
  proposers: number;
  proposals: Record<'pending' | 'accepted' | 'refused' | 'postponed' | 'archived', number>;
  votes: number;
  untrustedVotes: number;
  /** Votes and proposals per hour (UTC hour start, ISO): from the first hour with activity in the last 7 days up to now, zero-filled. */
  perHour: { hour: string; votes: number; proposals: number }[];
  /** Published (accepted) proposals and their votes, per theme and per tag. */
  byTheme: { themeId: string | null; proposals: number; votes: number }[];
  byTag: { tag: string; proposals: number; votes: number }[];
  /** Duplicates grouped into ideas: the votes of their proposals summed. */
  byIdea: { ideaId: string; proposals: string[]; counts: VoteCounts; scores: Scores }[];
}

/** The thresholds and options the figures were computed with (the module's configuration). */
export interface ResultsSettingsUsed {
  minVotes: number;
  consensusAgreeLow: number;
  controversyBothLow: number;
  rejectionDisagreeLow: number;
  limboNeutral: number;
  minSegmentVoters: number;
  minGroupShare: number;
  minVotesPerParticipant: number;
}

/** One computation of an instance's emergence. */
export interface EmergenceResults {
  computedAt: string;
  durationMs: number;
  /** What the snapshot was computed from (results.server.ts recomputes when it changes). */
  fingerprint: string;
  settings: ResultsSettingsUsed;
  /** Accepted proposals only, in the order of their top score's lower bound. */
  proposals: ProposalResult[];
  tops: Tops;
  zoneCounts: Record<Zone, number>;
  participation: Participation;
  segments: SegmentResult[];
  weighting: Weighting | null;
  groups: OpinionGroups | null;
  groupsAbsence: GroupsAbsence | null;
}

/** What the clustering keeps between updates, so that k and the groups' ids stay stable. */
export interface EmergenceState {
  k: number | null;
  centroids: [number, number][];
  /** The two axes of the last computation (proposal id → loading), to keep their signs. */
  axes: [Record<string, number>, Record<string, number>] | null;
}

/*
 * What emergence.ts computes from: plain arrays, loaded by results.server.ts (or generated by
 * tests and the benchmark). Votes are trusted ones only.
 */
export interface EmergenceInput {
  proposals: {
    id: string;
    body: string;
    language: string;
    status: 'pending' | 'accepted' | 'refused' | 'postponed' | 'archived';
    authorId: string | null;
    themeId: string | null;
    ideaId: string | null;
    tags: string[];
    impressions: number;
    untrustedVotes: number;
    createdAt: Date;
  }[];
  votes: {
    proposalId: string;
    userId: string;
    vote: VoteKind;
    qualifications: readonly string[];
    createdAt: Date;
  }[];
  /** Each voter's segment answers and recruitment source ({ region: 'Bretagne', source: 'newsletter' }). */
  voterSegments: Map<string, Record<string, string>>;
  /** Fields to split by, in order: the consultation's segment fields, then `source`. */
  segmentFields: string[];
  untrustedVotes: number;
  now: Date;
}
