import type { LocalizedText } from '../../platform/i18n/languages';
import type { ModerationData, SupervisionData } from './moderation-data';
import type { MineData, ProposalPageData } from './participation-data';
import type { ResultsPageData } from './results-page-data';
import type { SequenceData } from './sequence-data';

/*
 * What the proposals module's page receives. One page, several views (`?view=`): the card stack
 * (default), proposing, one proposal (`?proposal=<id>`), the reader's own proposals, the
 * moderators' workspace and the supervision board. Each view's data has its own file, written
 * with the code that computes it.
 */

export type ProposalsView = 'sequence' | 'propose' | 'proposal' | 'mine' | 'moderate' | 'supervise' | 'results' | 'dashboard' | 'report';

export interface ProposalsViewer {
  /** Has a session (an account or a pseudonym). */
  signedIn: boolean;
  /** May propose now (a participant of an open phase). */
  mayPropose: boolean;
  /** May vote now. */
  mayVote: boolean;
  /** May moderate and supervise. */
  mayModerate: boolean;
  /** May read the dashboard, the report and the exports (strategists, synthesizers, client viewers). */
  mayAnalyse: boolean;
}

export interface ProposalsPageData {
  title: LocalizedText;
  view: ProposalsView;
  viewer: ProposalsViewer;
  /** The prefix every proposal starts with, in the reader's language ("Il faut", "We should"). */
  prefix: { text: string; lang: string };
  /** Limits of the text after the prefix. */
  minChars: number;
  maxChars: number;
  /** Themes a proposer may pick (when the configuration asks for one), in the reader's language. */
  themes: { id: string; title: string; parentId: string | null }[];
  /** True when shown in the embedded widget (/embed/<consultation>). */
  embedded: boolean;
  sequence: SequenceData | null;
  proposal: ProposalPageData | null;
  mine: MineData | null;
  moderation: ModerationData | null;
  supervision: SupervisionData | null;
  /** The results views (results, dashboard, report). */
  results: ResultsPageData | null;
}

/** The consultation page's view of the module. */
export interface ProposalsSummaryData {
  /** Accepted proposals. */
  proposals: number;
  /** Trusted votes. */
  votes: number;
  /** Pending proposals, for moderators (null for others). */
  pending: number | null;
  prefix: { text: string; lang: string };
}

/** Sent to the instance's room when a new computation of the results is stored: results views refetch. */
export const resultsChanged = 'results:changed';

/** Sent to the instance's room when a proposal is moderated (or taken, or released): supervision and workspaces refresh. */
export const moderationChanged = 'moderation:changed';
