import type { PostView } from '../../platform/contributions/post-state';

/*
 * What the two-column module's server and browser halves share: where an argument belongs
 * (its post topic) and the order of arguments in a column.
 */

/** An argument on an idea, in one column, is a post of this topic. */
export const topicOf = (ideaId: string, columnKey: string) => `${ideaId}:${columnKey}`;

/** The idea and column of a topic, or null when it is not one of ours. */
export function placeOf(topic: string | null): { ideaId: string; column: string } | null {
  const match = /^([0-9a-f-]{36}):([a-z]{1,8})$/i.exec(topic ?? '');
  return match ? { ideaId: match[1]!, column: match[2]! } : null;
}

/** Keys given to columns in order; a strategist never types them. */
export const columnKeys = ['a', 'b', 'c', 'd'] as const;
export const minColumns = 2;
export const maxColumns = 4;
/** Colours offered to a new column, each readable under white text. */
export const suggestedColors = ['#1b7a3d', '#b3261e', '#1f5fa8', '#6b3fa0'] as const;

export type ArgumentOrder = 'upvotes' | 'date';
export const argumentOrders: readonly ArgumentOrder[] = ['upvotes', 'date'];

/**
 * The posts of one column, arguments first by upvotes (then newest) or newest first, each
 * followed by its replies in reading order. Posts come in reading order (sort paths), so a
 * conversation is every post that shares its first-level path.
 */
export function orderArguments(posts: readonly PostView[], order: ArgumentOrder): PostView[] {
  const conversations = new Map<string, PostView[]>();
  for (const post of [...posts].sort((a, b) => (a.sortPath < b.sortPath ? -1 : a.sortPath > b.sortPath ? 1 : 0))) {
    const root = post.sortPath.slice(0, 12);
    const list = conversations.get(root);
    if (list) list.push(post);
    else conversations.set(root, [post]);
  }
  const newest = (a: PostView, b: PostView) => b.createdAt.localeCompare(a.createdAt) || (a.sortPath < b.sortPath ? 1 : -1);
  const byRoot = [...conversations.values()].sort((x, y) => {
    const a = x[0]!;
    const b = y[0]!;
    if (order === 'upvotes' && a.reactions.upvote !== b.reactions.upvote) return b.reactions.upvote - a.reactions.upvote;
    return newest(a, b);
  });
  return byRoot.flat();
}
