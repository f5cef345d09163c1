import type { EmergenceResults } from './results-data';

/*
 * What the results views receive (`?view=results` for everyone, `?view=dashboard` and
 * `?view=report` for the team). Written by results-page.server.ts from the stored snapshot,
 * trimmed to what the view draws: a consultation with 30,000 proposals never sends them all.
 */

export type ResultsAudience = 'public' | 'team';

/** The dashboard's tabs (`?tab=`). */
export const dashboardTabs = ['overview', 'proposals', 'segments', 'groups'] as const;
export type DashboardTab = (typeof dashboardTabs)[number];

/** How the dashboard's proposals table may be sorted (`?sort=`), each from the highest; by lower bound where the figure has one. */
export const proposalSorts = ['topScore', 'controversy', 'rejection', 'votes', 'agree'] as const;
export type ProposalSort = (typeof proposalSorts)[number];

/** Rows of one page of the dashboard's proposals table. */
export const proposalsPageSize = 50;

/** What the team may download from the export route (`?download=<kind>&format=csv|xlsx`). */
export const resultsDownloads = ['proposals', 'votes', 'segments', 'groups'] as const;

export interface ResultsPageData {
  audience: ResultsAudience;
  /** Why participants do not see the results yet (null when they do). */
  hidden: 'notYet' | 'afterClose' | null;
  /** The snapshot, trimmed for the view; null before the first computation (or when hidden). */
  results: EmergenceResults | null;
  /** The prefix per language, to show each proposal whole ("Il faut …"). */
  prefixes: Record<string, string>;
  /** Titles in the reader's language. */
  themeTitles: Record<string, string>;
  ideaTitles: Record<string, string>;
  /** Dashboard only: the tab, the page of the proposals table and its sort, the segment field shown, the proposal focused. */
  tab: DashboardTab | null;
  /** `rows`: how many of `results.proposals` are the page's rows (the focused proposal, when on another page, follows them). */
  page: { number: number; size: number; total: number; sort: string; rows: number } | null;
  field: string | null;
  focus: string | null;
  /** Team only: what can be downloaded (`?download=<kind>&format=csv|xlsx`), and whether the PDF report can be rendered on this server. */
  downloads: string[];
  /** Report only: what the consultation's other modules ranked (a token vote's priorities), best first. */
  rankings: { instanceId: string; phase: string; name: string; valueName: string; items: { title: string; rank: number; value: number; voters: number }[] }[];
  pdfAvailable: boolean;
  /** When the server read the snapshot: "computed n minutes ago" is counted from it, so the server's page and the hydrated one agree. */
  readAt: string;
  /** Entries each top holds at most (the configuration's `topSize`), to say "the 10 best". */
  topSize: number;
  /** The consultation's question in the reader's language, for the report's title. */
  question: { text: string; lang: string };
}
