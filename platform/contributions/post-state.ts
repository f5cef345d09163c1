import type { PostStatus, ReactionKind } from '../db/schema';
import type { LocalizedText } from '../i18n/languages';

/**
 * A post (in a thread, an answer to a question, an argument in a column) as every reader may see it: what the loader sends and what realtime
 * events carry. Nothing in it depends on who reads (that is in PostViewer), so one event
 * serves the whole room. Hidden and deleted posts keep their place but lose their words.
 */
export interface PostView {
  id: string;
  parentId: string | null;
  /** What within its module instance it belongs to (a question, an idea's column); null in a thread. */
  topic: string | null;
  /** The language its author wrote in. */
  language: string;
  depth: number;
  /** Order of writing (new since the reader's last visit). */
  seq: string;
  /** Reading order in the thread. */
  sortPath: string;
  /** Bumped at each change: a client coming back online asks for what came after its last. */
  changeSeq: string;
  status: PostStatus;
  /** Sanitised HTML rendered when it was saved; null for hidden and deleted posts. */
  html: string | null;
  hiddenReason: string | null;
  /** Null once the author deleted it. */
  author: { id: string; name: string; expert: boolean } | null;
  createdAt: string;
  editedAt: string | null;
  /** Earlier versions of an edited post. */
  revisions: number;
  reactions: Record<ReactionKind, number>;
  /** Passages caught as ideas. */
  caught: { extractId: string; ideaId: string; ideaTitle: string }[];
}

/** What a reader may do with posts (the server checks again at every action). */
export interface PostViewer {
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

/** For idea catchers: the consultation's ideas and themes to attach a catch to. */
export type Catching = { ideas: { id: string; title: string }[]; themes: { id: string; title: LocalizedText }[] } | null;

/** Earlier versions of one edited post, when the reader asked for them (`?history=<post id>`). */
export type PostHistory = { postId: string; versions: { id: string; html: string; writtenAt: string }[] } | null;

/** What a window of posts holds and how far it reaches. */
export interface PostWindow {
  posts: PostView[];
  /** More posts before the first one / after the last one. */
  hasEarlier: boolean;
  hasLater: boolean;
}

/** Bigint counters travel as strings; compare them as numbers. */
export function laterThan(a: string, b: string): boolean {
  return BigInt(a) > BigInt(b);
}

/**
 * Merges posts that arrived (a realtime event, or what a reconnection fetched) into the window:
 * a post already there is replaced only by a newer version of itself, so an event received
 * twice changes nothing; a new post is kept when it falls inside the window (a reply to a post
 * on screen) or after it when the window reaches the end of the thread.
 */
export function mergePosts(window: PostWindow, arrived: readonly PostView[]): PostWindow {
  if (arrived.length === 0) return window;
  const byId = new Map(window.posts.map((post) => [post.id, post]));
  const first = window.posts[0]?.sortPath;
  const last = window.posts.at(-1)?.sortPath;
  let changed = false;
  for (const post of arrived) {
    const known = byId.get(post.id);
    if (known) {
      if (laterThan(post.changeSeq, known.changeSeq)) {
        byId.set(post.id, post);
        changed = true;
      }
      continue;
    }
    const afterStart = first === undefined || post.sortPath >= first || !window.hasEarlier;
    const beforeEnd = last === undefined || post.sortPath <= last || !window.hasLater;
    if (afterStart && beforeEnd) {
      byId.set(post.id, post);
      changed = true;
    }
  }
  if (!changed) return window;
  const posts = [...byId.values()].sort((a, b) => (a.sortPath < b.sortPath ? -1 : a.sortPath > b.sortPath ? 1 : 0));
  return { ...window, posts };
}

/** The highest change a client holds: what it asks after when it comes back online. */
export function latestChange(posts: readonly PostView[], floor: string): string {
  return posts.reduce((max, post) => (laterThan(post.changeSeq, max) ? post.changeSeq : max), floor);
}
