/** How a job whose handler failed is retried. */
export interface RetryPolicy {
  /** Handler attempts in all, the first included; then the job is marked failed and kept. */
  maxAttempts: number;
  /** Delay after the first failure; it doubles after each further one... */
  baseDelayMs: number;
  /** ...up to this cap. */
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 5 * 60_000 };

/**
 * Capped doubling: the delay before attempt `failedAttempt + 1`. No jitter: one scheduler loop runs
 * jobs one at a time, so retries of many jobs do not stampede a dependency the way parallel clients do.
 */
export function retryDelayMs(failedAttempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>) {
  const exponent = Math.max(0, failedAttempt - 1);
  // 2 ** 1024 is Infinity, and Math.min copes with it: no overflow for any attempt count.
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
}
