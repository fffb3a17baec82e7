import type { MajorCandidateStatus } from '@mim/contracts';
import { DomainError } from '@mim/errors';

export const candidateNotFound = (id: string) =>
  new DomainError('NOT_FOUND', `Major incident candidate ${id} not found`, { candidateId: id });

/** Promoting or dismissing is decided once. */
export const candidateDecided = (status: MajorCandidateStatus) =>
  new DomainError(
    'INVALID_TRANSITION',
    `The candidate is already ${status}; only an OPEN candidate is promoted or dismissed`,
    { status },
  );

/** The major incident of a promotion is one of the candidate's incidents. */
export const notListed = (majorIncidentId: string) =>
  new DomainError(
    'BAD_USER_INPUT',
    'Invalid input: majorIncidentId must be one of the incidents the candidate lists',
    {
      fields: [{ path: 'majorIncidentId', message: "must be one of the candidate's incidents" }],
      majorIncidentId,
    },
  );

/** An impact statement is needed to declare the major incident when it is not one yet. */
export const impactStatementNeeded = () =>
  new DomainError(
    'BAD_USER_INPUT',
    'Invalid input: impactStatement is required to declare the major incident (it is not one yet)',
    {
      fields: [
        { path: 'impactStatement', message: 'is required when the incident is not yet a major incident' },
      ],
    },
  );
