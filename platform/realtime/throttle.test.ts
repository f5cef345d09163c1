import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThrottle } from './throttle';

describe('a throttled event', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('goes out at once when nothing was sent lately', () => {
    const sent: string[] = [];
    createThrottle(1000)('vote', () => sent.push('first'));
    expect(sent).toEqual(['first']);
  });

  it('sends a burst as the first event then one more, the latest, at the end of the interval', () => {
    const sent: number[] = [];
    const throttle = createThrottle(1000);
    for (let i = 1; i <= 50; i++) throttle('vote', () => sent.push(i));
    expect(sent).toEqual([1]);
    vi.advanceTimersByTime(999);
    expect(sent).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([1, 50]);
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual([1, 50]);
  });

  it('spaces a steady stream one interval apart', () => {
    const sent: number[] = [];
    const throttle = createThrottle(1000);
    // One call every 100 ms for 3 s.
    for (let i = 0; i < 30; i++) {
      throttle('vote', () => sent.push(Date.now()));
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(2000);
    const gaps = sent.slice(1).map((at, index) => at - sent[index]!);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    expect(sent.length).toBeLessThanOrEqual(4);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000);
  });

  it('keeps keys apart: one busy vote does not hold back another', () => {
    const sent: string[] = [];
    const throttle = createThrottle(1000);
    throttle('a', () => sent.push('a1'));
    throttle('a', () => sent.push('a2'));
    throttle('b', () => sent.push('b1'));
    expect(sent).toEqual(['a1', 'b1']);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual(['a1', 'b1', 'a2']);
  });
});
