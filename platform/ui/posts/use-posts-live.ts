import { useEffect, useMemo, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { laterThan, mergePosts, type PostView, type PostWindow } from '../../contributions/post-state';

/** Whether the page is following the thread: `refused` when the server would not let it join. */
export type LiveStatus = 'connecting' | 'live' | 'offline' | 'refused';

export interface PostsLive {
  /** The loader's window with every change that arrived since, each post once. */
  window: PostWindow;
  status: LiveStatus;
  /** New published posts by others, written since the page opened, that fall outside this window. */
  outside: PostView[];
  /** Posts by others written while the page was open. */
  fresh: ReadonlySet<string>;
}

interface Options {
  slug: string;
  instanceId: string;
  /** What the loader read; a new object (revalidation, navigation) starts from it again. */
  loaded: PostWindow;
  /** The loader's change counter: everything up to it is in `loaded`. */
  latestChange: string;
  /** The last post written when the page was read: a later one is new. */
  latestSeq: string;
  viewerId: string | null;
  /** Called with the new published posts of others, for the live region. */
  onNewPosts?: (posts: PostView[]) => void;
  /** The module's own events in the same room (a column's summary…), by event name. */
  listeners?: Record<string, (payload: unknown) => void>;
  /** Called after every (re)connection once joined: what the module's own events may have missed. */
  onJoined?: () => void;
}

/** How many posts that arrived live are kept to lay over the next loader data. */
const keptArrivals = 1000;
/**
 * Change counters are taken when a write starts but events leave when it commits, so a change
 * numbered just below the latest one seen may commit after it. Catching up from a little earlier
 * costs a few posts fetched twice, which merging ignores.
 */
const catchUpMargin = 50n;

const maxChange = (a: string, b: string) => (laterThan(a, b) ? a : b);

/**
 * Follows a thread live. Joins the thread's Socket.io room (again after every reconnection:
 * rooms do not survive a lost connection), merges each `post:changed` into the window, and after
 * each (re)connection asks `changes?since=` for what it may have missed, the first one included
 * (what was written between the loader's reading and the join). Everything is merged by id and
 * change counter, so an event received twice, or both live and by catching up, changes nothing
 * the second time.
 */
export function usePostsLive({ slug, instanceId, loaded, latestChange, latestSeq, viewerId, onNewPosts, listeners, onJoined }: Options): PostsLive {
  // Posts that arrived since the page was loaded, the newest version of each: laid over every
  // new loader window, so that a revalidation does not drop a change that came in meanwhile.
  const arrived = useRef(new Map<string, PostView>());
  // Posts that arrived and were new then (written while the page was open, by someone else).
  const fresh = useRef(new Set<string>());
  // Posts the reader has had in a window: no longer "elsewhere".
  const shown = useRef(new Set<string>());
  const [version, setVersion] = useState(0);
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const latest = useRef(latestChange);
  const thread = useRef(`${slug}/${instanceId}`);
  if (thread.current !== `${slug}/${instanceId}`) {
    // Another thread: nothing of the previous one applies.
    thread.current = `${slug}/${instanceId}`;
    latest.current = latestChange;
    arrived.current = new Map();
    fresh.current = new Set();
    shown.current = new Set();
  } else {
    latest.current = maxChange(latest.current, latestChange);
  }

  // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` says when `arrived` changed
  const merged = useMemo(() => mergePosts(loaded, [...arrived.current.values()]), [loaded, version]);
  for (const post of merged.posts) shown.current.add(post.id);
  const current = useRef(merged);
  current.current = merged;
  const lastWritten = useRef(latestSeq);
  lastWritten.current = latestSeq;
  const viewer = useRef(viewerId);
  viewer.current = viewerId;
  const announce = useRef(onNewPosts);
  announce.current = onNewPosts;
  const handlers = useRef(listeners);
  handlers.current = listeners;
  const joined = useRef(onJoined);
  joined.current = onJoined;

  // A new loader window already holds what arrived before it: forget those, keep the rest.
  useEffect(() => {
    const held = new Map(loaded.posts.map((post) => [post.id, post.changeSeq]));
    for (const [id, post] of arrived.current) {
      const seq = held.get(id);
      if (seq !== undefined && !laterThan(post.changeSeq, seq)) arrived.current.delete(id);
    }
  }, [loaded]);

  useEffect(() => {
    let closed = false;
    let socket: Socket | null = null;
    let catchingUp: AbortController | null = null;
    let joinedBefore = false;
    /** Whether a post was written after the page's data was read (an old post that changed is not new). */
    function isNew(post: PostView): boolean {
      return laterThan(post.seq, lastWritten.current);
    }

    function receive(posts: readonly PostView[]) {
      const news: PostView[] = [];
      let changed = false;
      for (const post of posts) {
        latest.current = maxChange(latest.current, post.changeSeq);
        const known = arrived.current.get(post.id) ?? current.current.posts.find((held) => held.id === post.id);
        if (known && !laterThan(post.changeSeq, known.changeSeq)) continue;
        if (!known && post.status === 'published' && post.author?.id !== viewer.current && !shown.current.has(post.id) && isNew(post)) {
          fresh.current.add(post.id);
          news.push(post);
        }
        arrived.current.set(post.id, post);
        changed = true;
      }
      if (!changed) return;
      if (arrived.current.size > keptArrivals) {
        const oldest = [...arrived.current.values()].sort((a, b) => (laterThan(a.changeSeq, b.changeSeq) ? 1 : -1));
        for (const post of oldest.slice(0, arrived.current.size - keptArrivals)) arrived.current.delete(post.id);
      }
      setVersion((v) => v + 1);
      if (news.length > 0) announce.current?.(news);
    }

    async function catchUp(since: string, signal: AbortSignal) {
      let from = since;
      // Each answer holds at most a few hundred changes; a long absence takes a few rounds.
      for (let round = 0; round < 50 && !signal.aborted; round++) {
        const response = await fetch(`/consultations/${encodeURIComponent(slug)}/modules/${encodeURIComponent(instanceId)}/changes?since=${from}`, {
          headers: { Accept: 'application/json' },
          credentials: 'same-origin',
          signal,
        });
        if (!response.ok) return;
        const answer = (await response.json()) as { posts: PostView[]; latest: string; complete: boolean };
        if (signal.aborted) return;
        receive(answer.posts);
        if (answer.complete || answer.latest === from) return;
        from = answer.latest;
      }
    }

    void import('socket.io-client').then(({ io }) => {
      if (closed) return;
      const live = io({ transports: ['websocket', 'polling'] });
      socket = live;
      live.on('connect', () => {
        // Taken before joining: whatever happens from here on arrives live or by catching up.
        const seen = BigInt(latest.current);
        const since = String(seen > catchUpMargin ? seen - catchUpMargin : 0n);
        live.emit('module:join', { slug, instanceId }, (answer?: { ok?: boolean }) => {
          if (closed) return;
          if (!answer?.ok) {
            setStatus('refused');
            return;
          }
          setStatus('live');
          // The first join follows the loader at once; later ones come back from an absence.
          if (joinedBefore) joined.current?.();
          joinedBefore = true;
          catchingUp?.abort();
          const controller = new AbortController();
          catchingUp = controller;
          catchUp(since, controller.signal).catch(() => {
            // Offline again, or the page is leaving: the next connection catches up.
          });
        });
      });
      live.on('disconnect', () => {
        if (!closed) setStatus('offline');
      });
      live.on('post:changed', (post: PostView) => receive([post]));
      for (const event of Object.keys(handlers.current ?? {})) live.on(event, (payload: unknown) => handlers.current?.[event]?.(payload));
    });

    return () => {
      closed = true;
      catchingUp?.abort();
      socket?.disconnect();
    };
  }, [slug, instanceId]);

  const outside = useMemo(
    () =>
      [...fresh.current]
        .filter((id) => !shown.current.has(id))
        .map((id) => arrived.current.get(id))
        .filter((post): post is PostView => post !== undefined && post.status === 'published')
        .sort((a, b) => (laterThan(a.seq, b.seq) ? 1 : -1)),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` says when the refs changed
    [merged, version],
  );

  return { window: merged, status, outside, fresh: fresh.current };
}
