/** How a failed attempt is retried: how many attempts in all, and the bounds of the wait between them. */
export interface RetryPolicy {
  /** Attempts per delivery, the first included; after the last failure the delivery is dead-lettered. */
  maxAttempts: number;
  /** The ceiling of the first wait; it doubles with each further failure... */
  baseDelayMs: number;
  /** ...up to this cap, which also bounds a receiver's Retry-After. */
  maxDelayMs: number;
}

/**
 * The wait after failed attempt number `failedAttempt` (1 for the first): exponential backoff with full
 * jitter, a uniform draw in [0, min(cap, base * 2^(attempt - 1))]. Many deliveries failing together (a
 * receiver down for a minute) then spread their retries instead of returning in one wave. `random` is
 * Math.random unless a test fixes it.
 */
export function backoffDelayMs(
  failedAttempt: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const ceiling = backoffCeilingMs(failedAttempt, policy);
  return Math.floor(random() * (ceiling + 1));
}

/** The upper bound of `backoffDelayMs` for an attempt (2 ** 1024 is Infinity; Math.min copes with it). */
export function backoffCeilingMs(
  failedAttempt: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
): number {
  const exponent = Math.max(0, failedAttempt - 1);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
}

/**
 * The wait before the next attempt: what the receiver asked for (Retry-After on a 429 or 503), capped,
 * or else the jittered backoff.
 */
export function retryDelayMs(
  failedAttempt: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== null) return Math.min(policy.maxDelayMs, Math.max(0, retryAfterMs));
  return backoffDelayMs(failedAttempt, policy, random);
}

/**
 * A Retry-After header in milliseconds: delay-seconds (`120`) or an HTTP date; null when absent or
 * unreadable (then the backoff applies).
 */
export function parseRetryAfter(header: string | null, now: Date = new Date()): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Every HTTP date form starts with the day's name ("Sun, 06 Nov 1994 08:49:37 GMT").
  if (!/^[A-Za-z]/.test(value)) return null;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now.getTime());
}
