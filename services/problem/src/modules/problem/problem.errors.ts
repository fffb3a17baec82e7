import { DomainError } from '@mim/errors';
import type { ProblemStatus } from './problem.domain';

export const problemNotFound = (id: string) =>
  new DomainError('NOT_FOUND', `Problem ${id} not found`, { problemId: id });

export const invalidTransition = (from: ProblemStatus, to: ProblemStatus, explanation?: string) =>
  new DomainError(
    'INVALID_TRANSITION',
    `A problem cannot go from ${from} to ${to}${explanation ? `: ${explanation}` : ''}`,
    { from, to },
  );

/** A change that the problem's current state does not allow (a closed problem, no root cause yet, ...). */
export const notAllowedNow = (status: ProblemStatus, explanation: string) =>
  new DomainError('INVALID_TRANSITION', explanation, { status });

export const staleVersion = (expected: number, actual: number, problemId?: string) =>
  new DomainError(
    'CONFLICT',
    `The problem changed since you read it (version ${actual}, you had ${expected})`,
    { expectedVersion: expected, actualVersion: actual, ...(problemId ? { problemId } : {}) },
  );

export const forbidden = (message: string) => new DomainError('FORBIDDEN', message);

/** BAD_USER_INPUT on named fields, in the shape `parseInput` uses, so a form shows them the same way. */
export const invalidFields = (fields: Array<{ path: string; message: string }>) =>
  new DomainError(
    'BAD_USER_INPUT',
    `Invalid input: ${fields.map((field) => `${field.path} ${field.message}`).join('; ')}`,
    { fields },
  );
