import type { ProposalStatus, RefusalReason, VoteKind, VoteSource } from '../../platform/db/schema';
import type { ResultsConfig } from './manifest';

/*
 * What taking part gives back and shows: a proposal sent, look-alikes found while typing, a vote
 * cast, one proposal's page and the author's own proposals. Shared by the server and the views
 * (the card stack uses VoteOutcome too).
 */

/** A proposal's trusted votes and qualifications, as a voter sees them once they have voted. */
export interface ProposalCounts {
  agree: number;
  disagree: number;
  neutral: number;
  /** agree + disagree + neutral. */
  total: number;
  /** Trusted qualifications by key ({ likeIt: 12, … }). */
  qualifications: Record<string, number>;
}

/** The reader's vote on a proposal: null before they vote. */
export interface MyVote {
  vote: VoteKind;
  qualifications: string[];
}

/** What the vote and qualify actions answer: the reader's vote as it stands, and the counts after it. */
export interface VoteOutcome {
  proposalId: string;
  vote: VoteKind;
  qualifications: string[];
  counts: ProposalCounts;
}

/** What the propose action answers: the proposal waits for a moderator. */
export interface ProposeResult {
  proposalId: string;
  status: ProposalStatus;
}

/** An accepted proposal that looks like what the person is typing: they may vote on it instead. */
export interface SimilarProposal {
  id: string;
  /** The prefix in the proposal's language. */
  prefix: string;
  body: string;
  lang: string;
  /** pg_trgm similarity, 0..1. */
  similarity: number;
  myVote: MyVote | null;
  /** The card key of this proposal for the reader (their vote counts). */
  key: string | null;
}

export interface SimilarResult {
  proposals: SimilarProposal[];
}

/** One proposal's page (`?proposal=<id>`). */
export interface ProposalPageData {
  id: string;
  prefix: string;
  body: string;
  lang: string;
  status: ProposalStatus;
  /** Shown to its author and to moderators only. */
  refusalReason: RefusalReason | null;
  theme: string | null;
  /** The author's public name (their display name, or their pseudonym when they take part anonymously); null once the account is gone. */
  authorName: string | null;
  isMine: boolean;
  createdAt: string;
  /** Null until the reader has voted (moderators always see them): knowing the counts first would sway the vote. */
  counts: ProposalCounts | null;
  myVote: MyVote | null;
  /** The reader's card key for this proposal (source 'proposal'); null for a visitor or when it is not open to votes. */
  key: string | null;
  source: VoteSource;
}

/** One of the reader's own proposals. */
export interface MyProposal {
  id: string;
  prefix: string;
  body: string;
  lang: string;
  status: ProposalStatus;
  refusalReason: RefusalReason | null;
  theme: string | null;
  createdAt: string;
  counts: ProposalCounts;
}

/** The reader's own proposals, newest first. */
export interface MineData {
  proposals: MyProposal[];
}

/** The numbers of the results settings, as the form names its fields. */
export type ResultsNumberField =
  | 'minVotes'
  | 'topSize'
  | 'consensusAgreeLow'
  | 'controversyBothLow'
  | 'rejectionDisagreeLow'
  | 'limboNeutral'
  | 'minSegmentVoters'
  | 'minVotesPerParticipant'
  | 'minGroupShare';

/** A number field's bounds as typed in the form (shares in percent), derived from the configuration's schema. */
export interface SettingsNumberBounds {
  min: number;
  max: number;
  whole: boolean;
  percent: boolean;
}

/** What the form needs for the results settings. */
export interface ResultsSettingsData {
  /** The instance's results settings (the defaults when it has none yet). */
  current: ResultsConfig;
  bounds: Record<ResultsNumberField, SettingsNumberBounds>;
  /** What a weighting margin may be set on: the consultation's segment fields, then `source` (recruitment). */
  weightingFields: string[];
  /** Margins the strategist may enter at most. */
  maxMargins: number;
}

/** What the settings form shows beside the configuration. */
export interface ProposalsSettingsData {
  /** Proposals already written (a new length applies to the next ones only). */
  proposals: number;
  /** Themes of the consultation a proposer may pick. */
  themes: number;
  results: ResultsSettingsData;
}
