import type { ProposalStatus, RefusalReason } from '../../platform/db/schema';

/*
 * What the moderators' workspace (`?view=moderate`) and the supervision board (`?view=supervise`)
 * receive, and what the moderation actions answer. Assistance only suggests: every figure here
 * is shown beside a proposal, never applied without a moderator's decision.
 */

/** Warning signs found in a proposal's text. */
export interface ProposalFlags {
  /** Insults and swear words found (as written in the lists, accents folded), empty when none. */
  profanity: string[];
  /** Mostly capital letters. */
  shouting: boolean;
  /** A web address (https://…, www.…, example.com). */
  links: boolean;
  /** A telephone number (French or international format). */
  phones: boolean;
  /** An e-mail address. */
  emails: boolean;
}

/** The language a proposal seems to be written in, against the consultation's languages. */
export interface LanguageAssessment {
  /** Two-letter code, or null when the text is too short or too ambiguous to tell. */
  detected: string | null;
  /** The language the proposal was submitted in (the author's interface language). */
  declared: string;
  /** Whether the detected language is one of the consultation's; null when unknown. */
  expected: boolean | null;
}

/** An existing proposal that looks like the one being moderated. */
export interface DuplicateCandidate {
  id: string;
  body: string;
  status: ProposalStatus;
  /** pg_trgm similarity, 0 to 1. */
  score: number;
  ideaId: string | null;
}

/** Everything the machine suggests beside one proposal. */
export interface Assistance {
  duplicates: DuplicateCandidate[];
  language: LanguageAssessment;
  flags: ProposalFlags;
  /** The consultation theme that shares the most words with the proposal, null when none fits. */
  suggestedThemeId: string | null;
}

/** The proposal a moderator holds (locked for them), as the workspace shows it. */
export interface HeldProposal {
  id: string;
  body: string;
  /** As its author wrote it (equal to body until a moderator corrects it). */
  originalBody: string;
  language: string;
  /** The prefix in the proposal's language ("Il faut"), shown before its text. */
  prefix: string;
  status: ProposalStatus;
  themeId: string | null;
  tags: string[];
  ideaId: string | null;
  createdAt: string;
  /** Until when the lock holds (ISO); the moderator takes it again to extend it. */
  lockedUntil: string;
  authorName: string | null;
  assistance: Assistance;
}

/** A proposal in the list for bulk actions, with the cheap part of the assistance. */
export interface QueueItem {
  id: string;
  body: string;
  language: string;
  status: ProposalStatus;
  createdAt: string;
  themeId: string | null;
  ideaId: string | null;
  /** Another moderator holds it right now: bulk actions skip it. */
  lockedByOther: boolean;
  detectedLanguage: string | null;
  flags: ProposalFlags;
}

/** Votes summed over proposals (one proposal's, or an idea's). */
export interface VoteTotals {
  agree: number;
  disagree: number;
  neutral: number;
}

/** An idea that groups duplicate proposals: votes stay on proposals and are summed here. */
export interface IdeaGroup {
  id: string;
  title: string;
  proposals: ({ id: string; body: string; status: ProposalStatus } & VoteTotals)[];
  votes: VoteTotals;
}

export interface ModerationData {
  /** The moderator's own id: the page tells their locks from others'. */
  moderatorId: string;
  /** The proposal this moderator holds, with its assistance, or null. */
  held: HeldProposal | null;
  /** Proposals waiting for a first decision. */
  pending: number;
  postponed: number;
  /** One page of the list for bulk actions, oldest first: pending ones, or postponed ones (`?list=postponed`). */
  list: { status: 'pending' | 'postponed'; items: QueueItem[]; page: number; pageSize: number; total: number };
  refusalReasons: readonly RefusalReason[];
  /** The consultation's themes in the reader's language (sub-themes after their theme). */
  themes: { id: string; title: string; parentId: string | null }[];
  /** The consultation's languages (the detected language is compared with these). */
  languages: string[];
  /** Ideas grouping this instance's proposals, newest first. */
  ideas: IdeaGroup[];
  /** Ideas of the consultation a selection may be grouped into (those above, and others). */
  ideaChoices: { id: string; title: string }[];
}

/** What `take` answers: the proposal now held, or null when nothing waits. */
export type TakeResult = HeldProposal | null;

export interface DecideResult {
  proposalId: string;
  status: ProposalStatus;
}

export interface DecideManyResult {
  decided: string[];
  /** Held by another moderator, or not of this instance. */
  skipped: string[];
}

export interface GroupResult {
  /** Null when the proposal was taken out of its idea. */
  ideaId: string | null;
  proposalIds: string[];
}

export interface SupervisionData {
  /** Pending proposals. */
  backlog: number;
  postponed: number;
  /** Median time pending proposals have waited so far, in seconds; null when none waits. */
  medianWaitSeconds: number | null;
  oldestWaitSeconds: number | null;
  /** Proposals in each status now. */
  totals: { accepted: number; refused: number; postponed: number; archived: number; pending: number };
  /** Refused proposals by reason, most frequent first (every reason, zeros included). */
  refusalReasons: { reason: RefusalReason; count: number }[];
  /** Start of each of the last 24 hours (ISO, UTC), oldest first; the last one is the current hour. */
  hours: string[];
  /** Decisions of each moderator in each of those hours (same order as `hours`), busiest first. */
  moderators: { id: string; name: string; perHour: number[]; total: number }[];
  /** When these figures were computed (ISO). */
  computedAt: string;
}
