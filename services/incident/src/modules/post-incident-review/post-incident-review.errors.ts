import { DomainError } from '@mim/errors';
import type { IncidentStatus } from '@mim/contracts';
import type { ReviewStatus } from './post-incident-review.domain';

/** A review is written for a major incident only. */
export const notMajor = (incidentId: string) =>
  new DomainError(
    'INVALID_TRANSITION',
    'Only a major incident has a post-incident review; declare it major first',
    { incidentId },
  );

/** A draft is started once the major incident is resolved (or closed). */
export const notResolvedYet = (status: IncidentStatus) =>
  new DomainError(
    'INVALID_TRANSITION',
    `A post-incident review starts once the major incident is RESOLVED or CLOSED; it is ${status}`,
    { status },
  );

export const reviewAlreadyStarted = (status: ReviewStatus) =>
  new DomainError('INVALID_TRANSITION', `The incident already has a post-incident review (${status})`, {
    status,
  });

export const reviewNotFound = (incidentId: string) =>
  new DomainError('NOT_FOUND', `Incident ${incidentId} has no post-incident review; start one first`, {
    incidentId,
  });

export const reviewTransition = (from: ReviewStatus, to: ReviewStatus, explanation?: string) =>
  new DomainError(
    'INVALID_TRANSITION',
    `A post-incident review cannot go from ${from} to ${to}${explanation ? `: ${explanation}` : ''}`,
    { from, to },
  );

/** Submitting or publishing a review that misses what every review must say. */
export const reviewIncomplete = (from: ReviewStatus, to: ReviewStatus, missing: readonly string[]) =>
  new DomainError(
    'INVALID_TRANSITION',
    `A post-incident review goes ${to === 'PUBLISHED' ? 'out' : 'to review'} only when complete: ` +
      `give ${missing.join(', ')} first`,
    { from, to, missing: [...missing] },
  );

export const publishedIsFinal = () =>
  new DomainError('INVALID_TRANSITION', 'A PUBLISHED post-incident review is final and cannot be edited', {
    status: 'PUBLISHED',
  });

export const staleReview = (expected: number, actual: number) =>
  new DomainError(
    'CONFLICT',
    `The post-incident review changed since you read it (version ${actual}, you had ${expected})`,
    { expectedVersion: expected, actualVersion: actual },
  );
