import type { LocalizedText } from '../../platform/i18n/languages';
import type { ReactionKind } from '../../platform/db/schema';
import type { Catching, PostHistory, PostView, PostViewer, PostWindow } from '../../platform/contributions/post-state';

/** What the consultation page shows of a thread: what it is about and how alive it is. */
export interface ThreadSummaryData {
  title: LocalizedText;
  posts: number;
  contributors: number;
  lastPostAt: string | null;
}

export interface ThreadPageData extends PostWindow {
  title: LocalizedText;
  stats: { posts: number; contributors: number };
  viewer: PostViewer;
  /** The reader's own reactions, by post. */
  myReactions: Record<string, ReactionKind[]>;
  /** Since the reader's last visit. */
  news: { since: string | null; newPosts: number; firstNewId: string | null };
  /** The post a link pointed to, if it is in this window. */
  focus: string | null;
  /** Where to listen from: the highest change counter when the page was read. */
  latestChange: string;
  /** The last post written when the page was read: any later one is new. */
  latestSeq: string;
  history: PostHistory;
  catching: Catching;
}

export type { PostView };
