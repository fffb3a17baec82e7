import type { Role } from '@mim/auth';
import { DomainError } from '@mim/errors';
import type { ChangeStatus } from './change-request.domain';

export const changeRequestNotFound = (id: string) =>
  new DomainError('NOT_FOUND', `Change request ${id} not found`, { changeId: id });

export const invalidTransition = (from: ChangeStatus, to: ChangeStatus) =>
  new DomainError('INVALID_TRANSITION', `A change request cannot go from ${from} to ${to}`, { from, to });

export const staleVersion = (expected: number, actual: number) =>
  new DomainError(
    'CONFLICT',
    `The change request changed since you read it (version ${actual}, you had ${expected})`,
    { expectedVersion: expected, actualVersion: actual },
  );

export const notAllowedToEnter = (to: ChangeStatus, allowed: readonly Role[]) =>
  new DomainError(
    'FORBIDDEN',
    `Moving a change request to ${to} requires one of the roles: ${allowed.join(', ')}`,
    {
      status: to,
      roles: allowed,
    },
  );

export const invalidPlannedWindow = () =>
  new DomainError('BAD_USER_INPUT', 'The planned end must be after the planned start', {
    fields: [{ path: 'plannedEnd', message: 'must be after plannedStart' }],
  });
