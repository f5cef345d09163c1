import type { SegmentField } from '../../platform/db/schema';
import type { LocalizedText } from '../../platform/i18n/languages';
import type { Allocation, ItemRules } from './tokens';

/** An item as the voting screen and the results show it. */
export interface VoteItemView {
  id: string;
  kind: 'idea';
  title: string;
  /** Plain text. */
  description: string;
  /** Where it comes from: the idea's page (its caught passages link to their posts). */
  sourcePath: string;
  /** Passages caught into the idea. */
  extracts: number;
  /** The item's categories and gauges, its override applied. */
  rules: ItemRules;
}

/** One participant's ballot: what the voting screen shows, and what every vote action answers with. */
export interface Ballot {
  allocations: Allocation[];
  /** Tokens left per category key. */
  left: Record<string, number>;
  /** Gauge answers by item id, then gauge key: a number (numeric gauge) or a choice key (labelled gauge). */
  gauges: Record<string, Record<string, number | string>>;
}

/** How the answers to a gauge of an item spread. */
export type GaugeResult =
  | { type: 'numeric'; count: number; median: number | null; q1: number | null; q3: number | null; min: number | null; max: number | null }
  | { type: 'labelled'; count: number; counts: Record<string, number> };

export interface ItemResult {
  id: string;
  title: string;
  /** 1 for the highest net score; items with the same score share a rank. */
  rank: number;
  /** Tokens per category key. */
  totals: Record<string, number>;
  /** Tokens "for" minus tokens "against". */
  net: number;
  /** Participants with at least one token or gauge answer on the item. */
  voters: number;
  gauges: Record<string, GaugeResult>;
}

/** Totals per item for the voters of one segment value. */
export interface SegmentGroup {
  value: string;
  voters: number;
  items: { id: string; totals: Record<string, number>; net: number }[];
}

export interface SegmentSplit {
  field: SegmentField | 'source';
  /** Values with at least `minSegmentVoters` voters. */
  groups: SegmentGroup[];
  /** Voters left out: their value is shared by too few voters to show without singling them out, or they gave none. */
  unshown: number;
}

export interface TokenResults {
  /** Participants with at least one token or gauge answer. */
  voters: number;
  /** Ranked: by net score, then by tokens for, then by title. */
  items: ItemResult[];
  segments: SegmentSplit | null;
}

/** The consultation page's view of the module. */
export interface TokenVoteSummaryData {
  items: number;
  voters: number;
  /** The reader's tokens left, when they may vote (null otherwise). */
  left: Record<string, number> | null;
  /** The first three of the ranking, when the reader may see the results (null otherwise). */
  leaders: { id: string; title: string; net: number }[] | null;
}

export interface TokenVotePageData {
  title: LocalizedText;
  /** `vote` (the voting screen) or `results`. */
  view: 'vote' | 'results';
  items: VoteItemView[];
  /** The reader's ballot (empty when they have not voted; null when they cannot vote: a visitor, a client viewer). */
  ballot: Ballot | null;
  /** True when the reader may spend tokens now (open phase, a participant). */
  mayVote: boolean;
  /** Who reads: whether they have a session, and whether joining the consultation would let them vote. */
  viewer: { userId: string | null; mayJoin: boolean };
  /** Results when the reader may see them (the team always; participants per the `results` setting), else null. */
  results: TokenResults | null;
  /** Why the results are not shown: `afterClose` while the vote runs, `notYet` before. */
  resultsHidden: 'afterClose' | 'notYet' | null;
  /** The reader may download the results (CSV) and split them by segment. */
  mayAnalyse: boolean;
  /** Segment fields the results may be split by (the consultation's consented fields, and recruitment source). */
  segmentFields: (SegmentField | 'source')[];
  /** The segment field asked (`?segment=`), if any. */
  segment: SegmentField | 'source' | null;
}

export interface TokenVoteSettingsData {
  /** Every idea of the consultation, to choose from. */
  ideas: { id: string; title: string; extracts: number }[];
  /** Items that hold tokens or gauge answers: removing them would drop votes. */
  itemsInUse: string[];
  /** Whether anybody has voted yet (categories and gauges with votes cannot be removed). */
  categoriesInUse: string[];
  gaugesInUse: string[];
}

/** Sent to the instance's room (throttled) when tokens or gauge answers move: results readers refetch. */
export const resultsChanged = 'results:changed';
/** At most one results:changed per instance and this many milliseconds, so that a busy vote does not flood readers. */
export const resultsThrottleMs = 1000;
/** A segment value is shown only with at least this many voters. */
export const minSegmentVoters = 5;
