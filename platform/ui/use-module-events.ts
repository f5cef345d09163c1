import { useRevalidator } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';

/** Whether the page follows its module live: `refused` when the server would not let it join. */
export type ModuleLiveStatus = 'off' | 'connecting' | 'live' | 'offline' | 'refused';

interface Options {
  slug: string;
  instanceId: string;
  /** The module's events in its instance's room, by event name. */
  listeners: Record<string, (payload: unknown) => void>;
  /**
   * Called after every join, the first included: whatever happened between the loader's reading
   * (or a lost connection) and the join arrived by no event, so the page reads it again.
   */
  onJoined?: () => void;
  /** False: no connection at all (nothing on screen would change). */
  enabled?: boolean;
}

/**
 * Follows one module instance's events: joins its Socket.io room (the server checks the person
 * may view it), again after every reconnection since rooms do not survive a lost connection,
 * and calls the listener of each event that arrives. For modules whose pages simply reread
 * their data when something moves; a thread's posts, merged one by one, have usePostsLive.
 */
export function useModuleEvents({ slug, instanceId, listeners, onJoined, enabled = true }: Options): ModuleLiveStatus {
  const [status, setStatus] = useState<ModuleLiveStatus>(enabled ? 'connecting' : 'off');
  // The latest callbacks, so that a new render does not reconnect.
  const handlers = useRef(listeners);
  handlers.current = listeners;
  const joined = useRef(onJoined);
  joined.current = onJoined;
  const events = Object.keys(listeners).sort().join(' ');

  useEffect(() => {
    if (!enabled) {
      setStatus('off');
      return;
    }
    setStatus('connecting');
    let closed = false;
    let socket: Socket | null = null;
    void import('socket.io-client').then(({ io }) => {
      if (closed) return;
      const live = io({ transports: ['websocket', 'polling'] });
      socket = live;
      live.on('connect', () => {
        live.emit('module:join', { slug, instanceId }, (answer?: { ok?: boolean }) => {
          if (closed) return;
          if (!answer?.ok) {
            setStatus('refused');
            return;
          }
          setStatus('live');
          joined.current?.();
        });
      });
      live.on('disconnect', () => {
        if (!closed) setStatus('offline');
      });
      for (const event of events.split(' ').filter(Boolean)) live.on(event, (payload: unknown) => handlers.current[event]?.(payload));
    });
    return () => {
      closed = true;
      socket?.disconnect();
    };
  }, [slug, instanceId, enabled, events]);

  return status;
}

/**
 * Rereads the page's data (the route's loader) each time `event` arrives in the instance's room,
 * and after joining it (something may have changed meanwhile), coalescing the signals that
 * arrive while a reading is on its way into one more reading: for results that travel as a
 * signal carrying no figures (`results:changed`).
 */
export function useRereadOn(event: string, { slug, instanceId, enabled }: { slug: string; instanceId: string; enabled: boolean }): ModuleLiveStatus {
  const revalidator = useRevalidator();
  const again = useRef(false);
  const reread = () => {
    if (revalidator.state === 'idle') revalidator.revalidate();
    else again.current = true;
  };
  useEffect(() => {
    if (revalidator.state !== 'idle' || !again.current) return;
    again.current = false;
    revalidator.revalidate();
  }, [revalidator, revalidator.state]);
  return useModuleEvents({ slug, instanceId, enabled, listeners: { [event]: reread }, onJoined: reread });
}
