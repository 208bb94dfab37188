import { describe, expect, it } from 'vitest';
import { MAX_SLOTS, WindowLog } from '../../src/rate-limit/window-log.js';

/** Starts admitted at one instant before the log says wait. */
function burst(log: WindowLog, now: number, cost = 1): number {
  let admitted = 0;
  while (log.waitMs(cost, now) === 0) {
    log.record(cost, now);
    admitted += cost;
  }
  return admitted;
}

describe('WindowLog', () => {
  it('admits a full burst of N, then the (N+1)th waits for the oldest start to leave the window', () => {
    const log = new WindowLog(5, 1000);
    expect(burst(log, 0)).toBe(5);
    expect(log.waitMs(1, 0)).toBe(1000);
    expect(log.waitMs(1, 999)).toBe(1);
    expect(log.waitMs(1, 1000)).toBe(0);
  });

  it('never holds more than N starts in any window, wherever it is placed', () => {
    const log = new WindowLog(3, 100);
    const starts: number[] = [];
    // Ask every 7 ms for 1 s; start whenever the log allows.
    for (let t = 0; t < 1000; t += 7) {
      if (log.waitMs(1, t) === 0) {
        log.record(1, t);
        starts.push(t);
      }
    }
    for (const s of starts) {
      const inWindow = starts.filter((x) => x >= s && x < s + 100).length;
      expect(inWindow).toBeLessThanOrEqual(3);
    }
    // And it is not overly strict: about 3 per 100 ms were let through.
    expect(starts.length).toBeGreaterThanOrEqual(27);
  });

  it('a larger cost waits for as many of the oldest starts as it needs', () => {
    const log = new WindowLog(4, 1000);
    log.record(1, 0);
    log.record(1, 100);
    log.record(1, 200);
    expect(log.waitMs(1, 300)).toBe(0);
    expect(log.waitMs(2, 300)).toBe(700); // needs the t=0 start gone
    expect(log.waitMs(3, 300)).toBe(800); // and the t=100 one
    expect(log.waitMs(4, 300)).toBe(900);
  });

  it('above MAX_SLOTS, slots stand for groups and the limit rounds down: never more, bounded memory', () => {
    const log = new WindowLog(10_000, 60_000);
    expect(log.group).toBe(Math.ceil(10_000 / MAX_SLOTS));
    expect(log.limit).toBeLessThanOrEqual(10_000);
    expect(log.limit).toBeGreaterThan(10_000 - log.group);
    expect(burst(log, 0)).toBe(log.limit);
    expect(log.waitMs(1, 59_999)).toBe(1);
    expect(log.waitMs(1, 60_000)).toBe(0);
    // A cost above the rounded-down limit waits for an empty window instead of wrapping the ring.
    expect(log.waitMs(10_000, 60_000)).toBe(0);
    log.record(1, 60_000);
    expect(log.waitMs(10_000, 60_001)).toBe(59_999);
  });

  it('resizing keeps the starts still in the window', () => {
    const log = new WindowLog(10, 1000);
    for (let t = 0; t < 8; t++) log.record(1, t * 100); // t = 0..700
    const smaller = log.resized(5, 1000, 750);
    // The 5 newest starts (300..700) fill it; the next one waits for t=300 to leave.
    expect(smaller.waitMs(1, 750)).toBe(550);
    const shorter = log.resized(10, 500, 750);
    // Only starts after t=250 still count in a 500 ms window: 5 of them, 5 places left.
    expect(burst(shorter, 750)).toBe(5);
  });
});
