import { describe, expect, it } from 'vitest';
import { latestChange, mergePosts, type PostView, type PostWindow } from './post-state';

/*
 * What a reader's browser does with posts that arrive while the page is open (realtime events)
 * or when it comes back online (the changes it missed): the window never shows a post twice,
 * never goes back to an older version, and only grows where the reader is looking.
 */

const path = (...seqs: number[]) => seqs.map((seq) => String(seq).padStart(12, '0')).join('/');

function post(id: string, sortPath: string, changeSeq: number, overrides: Partial<PostView> = {}): PostView {
  const seqs = sortPath.split('/');
  return {
    id,
    parentId: null,
    depth: seqs.length - 1,
    seq: String(Number(seqs.at(-1))),
    sortPath,
    changeSeq: String(changeSeq),
    status: 'published',
    html: `<p>${id}</p>`,
    hiddenReason: null,
    author: { id: 'author', name: 'Anne', expert: false },
    createdAt: '2026-03-01T10:00:00.000Z',
    editedAt: null,
    revisions: 0,
    reactions: { like: 0, disagree: 0, unclear: 0, moreInfo: 0, upvote: 0 },
    topic: null,
    language: 'fr',
    caught: [],
    ...overrides,
  };
}

const windowOf = (posts: PostView[], { hasEarlier = false, hasLater = false } = {}): PostWindow => ({ posts, hasEarlier, hasLater });
const ids = (window: PostWindow) => window.posts.map((p) => p.id);

describe('merging posts into the thread on screen', () => {
  const a = post('a', path(1), 1);
  const b = post('b', path(2), 2);
  const c = post('c', path(5), 5);

  it('adds a new post at the end of a thread read to its end', () => {
    const merged = mergePosts(windowOf([a, b]), [c]);
    expect(ids(merged)).toEqual(['a', 'b', 'c']);
  });

  it('puts a reply right under the post it answers, before the later posts', () => {
    const reply = post('reply', path(1, 7), 7, { parentId: 'a' });
    const merged = mergePosts(windowOf([a, b, c]), [reply]);
    expect(ids(merged)).toEqual(['a', 'reply', 'b', 'c']);
  });

  it('changes nothing when the same event arrives twice', () => {
    const once = mergePosts(windowOf([a, b]), [c]);
    const twice = mergePosts(once, [c]);
    expect(twice).toBe(once);
    expect(ids(mergePosts(windowOf([a]), [b, b, b]))).toEqual(['a', 'b']);
  });

  it('replaces a post by a newer version of itself, never by an older one', () => {
    const edited = post('b', path(2), 9, { html: '<p>b, edited</p>', editedAt: '2026-03-01T11:00:00.000Z', revisions: 1 });
    const liked = post('b', path(2), 10, { html: '<p>b, edited</p>', reactions: { like: 1, disagree: 0, unclear: 0, moreInfo: 0, upvote: 0 } });
    const latest = mergePosts(mergePosts(windowOf([a, b]), [edited]), [liked]);
    expect(latest.posts[1]).toEqual(liked);
    // The edit's event arrives late, after the reaction's: the newer version stays.
    expect(mergePosts(latest, [edited])).toBe(latest);
  });

  it('compares change counters as numbers, not as text', () => {
    const ninth = post('a', path(1), 9, { html: '<p>ninth</p>' });
    const tenth = post('a', path(1), 10, { html: '<p>tenth</p>' });
    expect(mergePosts(windowOf([ninth]), [tenth]).posts[0]!.html).toBe('<p>tenth</p>');
    expect(mergePosts(windowOf([tenth]), [ninth]).posts[0]!.html).toBe('<p>tenth</p>');
  });

  it('turns a post into its placeholder when it is deleted or hidden', () => {
    const deleted = post('a', path(1), 11, { status: 'deleted', html: null, author: null });
    const hidden = post('b', path(2), 12, { status: 'hidden', html: null, hiddenReason: 'Insulte' });
    const merged = mergePosts(windowOf([a, b]), [deleted, hidden]);
    expect(merged.posts.map((p) => [p.id, p.status, p.html])).toEqual([
      ['a', 'deleted', null],
      ['b', 'hidden', null],
    ]);
  });

  it('leaves out a new post beyond the window when more of the thread lies there: the reader gets it when reading on', () => {
    const window = windowOf([b, c], { hasEarlier: true, hasLater: true });
    const later = post('later', path(8), 8);
    const earlierReply = post('early-reply', path(1, 9), 9);
    expect(mergePosts(window, [later, earlierReply])).toBe(window);
    // Inside the window it is added, whatever lies beyond.
    const inside = post('inside', path(2, 10), 10);
    expect(ids(mergePosts(window, [inside, later]))).toEqual(['b', 'inside', 'c']);
  });

  it('takes a new post before the first one when the window starts at the thread’s beginning', () => {
    const window = windowOf([b, c], { hasEarlier: false, hasLater: true });
    expect(ids(mergePosts(window, [post('first', path(1), 13)]))).toEqual(['first', 'b', 'c']);
  });

  it('fills an empty thread with whatever arrives, in reading order', () => {
    expect(ids(mergePosts(windowOf([]), [c, a, b]))).toEqual(['a', 'b', 'c']);
    const empty = windowOf([]);
    expect(mergePosts(empty, [])).toBe(empty);
  });

  it('knows the latest change it holds, to ask for what came after', () => {
    expect(latestChange([a, post('x', path(3), 12), b], '0')).toBe('12');
    expect(latestChange([], '7')).toBe('7');
    expect(latestChange([post('x', path(3), 9)], '10')).toBe('10');
  });
});
