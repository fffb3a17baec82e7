import { DomainError } from '@mim/errors';

/** A reporting period the summary refuses; same shape as every other input error (`extensions.fields`). */
export const invalidPeriod = (message: string) =>
  new DomainError('BAD_USER_INPUT', `Invalid period: to ${message}`, {
    fields: [{ path: 'to', message }],
  });

/** A metrics range the engine refuses (`to` not after `from`, or too long); `path` names the argument. */
export const invalidRange = (path: string, message: string) =>
  new DomainError('BAD_USER_INPUT', `Invalid range: ${path} ${message}`, {
    fields: [{ path, message }],
  });

/** Refused before scanning: the query would make more intervals or buckets than the limits allow. */
export const queryTooExpensive = (details: { intervals: number; estimatedBuckets: number; limit: number }) =>
  new DomainError(
    'METRICS_QUERY_TOO_EXPENSIVE',
    `The metrics query would compute ${details.estimatedBuckets} buckets over ${details.intervals} intervals (limit ${details.limit}); use a shorter range, a coarser interval, fewer groupings or a narrower filter`,
    details,
  );
