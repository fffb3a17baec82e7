import { DomainError } from '@mim/errors';
import type { IncidentStatus } from '@mim/contracts';

export const incidentNotFound = (id: string) =>
  new DomainError('NOT_FOUND', `Incident ${id} not found`, { incidentId: id });

export const invalidTransition = (
  from: IncidentStatus,
  to: IncidentStatus,
  explanation?: string,
  details: Record<string, unknown> = {},
) =>
  new DomainError(
    'INVALID_TRANSITION',
    `An incident cannot go from ${from} to ${to}${explanation ? `: ${explanation}` : ''}`,
    { ...details, from, to },
  );

/** A change that only an open incident (not resolved, closed or cancelled) accepts. */
export const notOpen = (status: IncidentStatus, what: string) =>
  new DomainError('INVALID_TRANSITION', `A ${status} incident cannot be ${what}; only an open one can`, {
    status,
  });

export const highestTier = (tier: string) =>
  new DomainError(
    'INVALID_TRANSITION',
    `The incident is already at ${tier}, the highest support tier; escalate it hierarchically instead`,
    { supportTier: tier },
  );

export const staleVersion = (expected: number, actual: number) =>
  new DomainError(
    'CONFLICT',
    `The incident changed since you read it (version ${actual}, you had ${expected})`,
    {
      expectedVersion: expected,
      actualVersion: actual,
    },
  );

/** BAD_USER_INPUT on named fields, in the shape `parseInput` uses, so a form shows them the same way. */
export const invalidFields = (fields: Array<{ path: string; message: string }>) =>
  new DomainError(
    'BAD_USER_INPUT',
    `Invalid input: ${fields.map((field) => `${field.path} ${field.message}`).join('; ')}`,
    { fields },
  );

export const forbidden = (message: string) => new DomainError('FORBIDDEN', message);
