import type { Role } from '@mim/auth';
import { DomainError } from '@mim/errors';
import type { ChangeStatus, ChangeType } from './change-request.domain';

export const changeRequestNotFound = (id: string) =>
  new DomainError('NOT_FOUND', `Change request ${id} not found`, { changeId: id });

export const invalidTransition = (from: ChangeStatus, to: ChangeStatus, explanation?: string) =>
  new DomainError(
    'INVALID_TRANSITION',
    `A change request cannot go from ${from} to ${to}${explanation ? `: ${explanation}` : ''}`,
    { from, to },
  );

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

/** STANDARD through createChangeRequest: a standard change is pre-approved only as its template. */
export const standardWithoutTemplate = () =>
  new DomainError(
    'BAD_USER_INPUT',
    'Invalid input: type STANDARD changes are created from a standard change template (createStandardChangeRequest)',
    { fields: [{ path: 'type', message: 'a standard change is created from a template' }] },
  );

/** Forcing APPROVED through the status mutation: only the approval rule approves a change. */
export const approvalQuorumNotMet = (
  type: ChangeType,
  progress: { approvals: number; quorum: number | null; changeManagerApproved: boolean },
) =>
  new DomainError(
    'CHANGE_APPROVAL_QUORUM_NOT_MET',
    `A ${type} change is approved by its approvers, not by setting its status: it needs ${
      progress.quorum ?? 0
    } approvals including a change manager's and has ${progress.approvals}${
      progress.changeManagerApproved ? '' : ' (none from a change manager)'
    }; record them with recordChangeApproval`,
    { ...progress, type },
  );

/** Forcing REJECTED through the status mutation: a rejection is a recorded decision too. */
export const rejectionIsADecision = (from: ChangeStatus) =>
  invalidTransition(
    from,
    'REJECTED',
    "a change is rejected by the change manager's REJECT decision, recorded with recordChangeApproval",
  );

/** Entering REVIEWED through the status mutation: the review has content (was the fix effective?). */
export const reviewIsRecorded = (from: ChangeStatus) =>
  invalidTransition(
    from,
    'REVIEWED',
    'record the post-implementation review with recordPostImplementationReview',
  );

/** Submitting a standard change whose template was retired: its pre-approval was withdrawn. */
export const templateRetiredAtSubmission = () =>
  new DomainError(
    'INVALID_TRANSITION',
    'A change request cannot go from DRAFT to SUBMITTED: its standard change template was retired, so it is no longer pre-approved; raise it as a normal change',
    { from: 'DRAFT', to: 'SUBMITTED' },
  );
