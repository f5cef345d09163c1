import type { LocalizedText } from '../../platform/i18n/languages';
import type { ReactionKind } from '../../platform/db/schema';
import type { PostView, ThreadWindow } from './thread-state';

/** What the consultation page shows of a thread: what it is about and how alive it is. */
export interface ThreadSummaryData {
  title: LocalizedText;
  posts: number;
  contributors: number;
  lastPostAt: string | null;
}

/** What the reader may do in this thread (the server checks again at every action). */
export interface ThreadViewer {
  userId: string | null;
  mayPost: boolean;
  mayReact: boolean;
  mayReport: boolean;
  mayModerate: boolean;
  mayCatch: boolean;
  /** Posts of participants wait for a moderator before others see them. */
  preModeration: boolean;
  /** Signed in but not a participant yet: the page offers to join. */
  mayJoin: boolean;
}

export interface ThreadPageData extends ThreadWindow {
  title: LocalizedText;
  stats: { posts: number; contributors: number };
  viewer: ThreadViewer;
  /** The reader's own reactions, by post. */
  myReactions: Record<string, ReactionKind[]>;
  /** Since the reader's last visit. */
  news: { since: string | null; newPosts: number; firstNewId: string | null };
  /** The post a link pointed to, if it is in this window. */
  focus: string | null;
  /** Where to listen from: the highest change counter when the page was read. */
  latestChange: string;
  /** Earlier versions of one edited post, when the reader asked for them (`?history=<post id>`). */
  history: { postId: string; versions: { id: string; html: string; writtenAt: string }[] } | null;
  /** For idea catchers: the consultation's ideas and themes to attach a catch to. */
  catching: { ideas: { id: string; title: string }[]; themes: { id: string; title: LocalizedText }[] } | null;
}

export type { PostView };
