import { DomainError } from '@mim/errors';
import type { ProblemStatus } from './problem.domain';

export const problemNotFound = (id: string) =>
  new DomainError('NOT_FOUND', `Problem ${id} not found`, { problemId: id });

export const invalidTransition = (from: ProblemStatus, to: ProblemStatus) =>
  new DomainError('INVALID_TRANSITION', `A problem cannot go from ${from} to ${to}`, { from, to });

export const staleVersion = (expected: number, actual: number) =>
  new DomainError(
    'CONFLICT',
    `The problem changed since you read it (version ${actual}, you had ${expected})`,
    { expectedVersion: expected, actualVersion: actual },
  );

export const notProblemOwner = () =>
  new DomainError('FORBIDDEN', 'Only the problem owner or a problem manager may change its status');

export const cannotAssignOwner = () =>
  new DomainError('FORBIDDEN', 'Only a problem manager or major incident manager may assign another owner');
