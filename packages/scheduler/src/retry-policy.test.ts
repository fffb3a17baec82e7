import { defaultRetryPolicy, retryDelayMs } from './retry-policy';

describe('retryDelayMs', () => {
  const policy = { baseDelayMs: 1000, maxDelayMs: 10_000 };

  it('doubles from the base delay after each failed attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, policy))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('is capped, even for absurd attempt counts', () => {
    expect(retryDelayMs(5, policy)).toBe(10_000);
    expect(retryDelayMs(5000, policy)).toBe(10_000);
  });

  it('treats attempt 0 or less as the first', () => {
    expect(retryDelayMs(0, policy)).toBe(1000);
  });

  it('defaults to ten attempts spread over about eight and a half minutes', () => {
    const { maxAttempts } = defaultRetryPolicy;
    const total = Array.from({ length: maxAttempts - 1 }, (_, i) =>
      retryDelayMs(i + 1, defaultRetryPolicy),
    ).reduce((sum, delay) => sum + delay, 0);
    expect(maxAttempts).toBe(10);
    expect(total).toBe(511_000);
  });
});
