import { DomainError } from '@mim/errors';

/** A reporting period the summary refuses; same shape as every other input error (`extensions.fields`). */
export const invalidPeriod = (message: string) =>
  new DomainError('BAD_USER_INPUT', `Invalid period: to ${message}`, {
    fields: [{ path: 'to', message }],
  });
