import { backoffCeilingMs, backoffDelayMs, parseRetryAfter, retryDelayMs } from './delivery.backoff';

const policy = { baseDelayMs: 2000, maxDelayMs: 600_000 };

describe('retry backoff', () => {
  it('doubles the ceiling with each failed attempt, up to the cap, for any attempt count', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffCeilingMs(attempt, policy))).toEqual([
      2000, 4000, 8000, 16_000,
    ]);
    expect(backoffCeilingMs(9, policy)).toBe(512_000);
    expect(backoffCeilingMs(10, policy)).toBe(600_000);
    expect(backoffCeilingMs(5000, policy)).toBe(600_000);
  });

  it('draws the delay uniformly between 0 and the ceiling (full jitter)', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(4000);
    expect(backoffDelayMs(3, policy, () => 0.999_999_9)).toBe(8000);
    const draws = Array.from({ length: 2000 }, () => backoffDelayMs(4, policy));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThanOrEqual(16_000);
    // Spread, not a fixed value: 2000 draws from 16,001 values are nowhere near all equal.
    expect(new Set(draws).size).toBeGreaterThan(1000);
    expect(draws.every(Number.isInteger)).toBe(true);
  });

  it("uses a receiver's Retry-After instead of the backoff, within the cap", () => {
    expect(retryDelayMs(1, policy, 30_000, () => 0)).toBe(30_000);
    expect(retryDelayMs(1, policy, 3_600_000)).toBe(600_000);
    expect(retryDelayMs(1, policy, -5)).toBe(0);
    expect(retryDelayMs(2, policy, null, () => 0.5)).toBe(2000);
  });

  it('reads Retry-After as seconds or as an HTTP date; anything else is no answer', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-3', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
