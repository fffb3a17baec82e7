import { DomainError } from '@mim/errors';
import type { IncidentStatus } from '@mim/contracts';

export const incidentNotFound = (id: string) =>
  new DomainError('NOT_FOUND', `Incident ${id} not found`, { incidentId: id });

export const invalidTransition = (from: IncidentStatus, to: IncidentStatus) =>
  new DomainError('INVALID_TRANSITION', `An incident cannot go from ${from} to ${to}`, { from, to });

export const staleVersion = (expected: number, actual: number) =>
  new DomainError(
    'CONFLICT',
    `The incident changed since you read it (version ${actual}, you had ${expected})`,
    {
      expectedVersion: expected,
      actualVersion: actual,
    },
  );
