/**
 * Sends at most one event per key and interval: the first at once, then, if more came during
 * the interval, one more at its end (with the latest payload). A busy vote then costs each
 * reader one refresh a second, however many tokens move.
 */
export function createThrottle(intervalMs: number) {
  const keys = new Map<string, { lastSent: number; pending: (() => void) | null; timer: ReturnType<typeof setTimeout> | null }>();

  function flush(key: string) {
    const state = keys.get(key);
    if (!state) return;
    state.timer = null;
    const send = state.pending;
    state.pending = null;
    if (!send) {
      keys.delete(key);
      return;
    }
    state.lastSent = Date.now();
    send();
    // Wait one more interval before forgetting the key, so that a steady stream stays spaced.
    state.timer = setTimeout(() => flush(key), intervalMs);
    state.timer.unref?.();
  }

  return function throttle(key: string, send: () => void): void {
    const state = keys.get(key);
    if (!state) {
      const fresh = { lastSent: Date.now(), pending: null, timer: setTimeout(() => flush(key), intervalMs) };
      fresh.timer.unref?.();
      keys.set(key, fresh);
      send();
      return;
    }
    state.pending = send;
    if (!state.timer) {
      state.timer = setTimeout(() => flush(key), Math.max(0, state.lastSent + intervalMs - Date.now()));
      state.timer.unref?.();
    }
  };
}
