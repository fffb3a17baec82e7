import type { Role } from '@mim/auth';
import { DomainError } from '@mim/errors';
import type { ChangeStatus } from '../change-request/change-request.domain';

/** Votes are taken while a change is ASSESSED (a standard change has none: it is pre-approved). */
export const notAwaitingApproval = (status: ChangeStatus, standard: boolean) =>
  new DomainError(
    'INVALID_TRANSITION',
    standard
      ? 'A standard change is pre-approved: it takes no approvals'
      : `Approvals are recorded on an ASSESSED change; this one is ${status}`,
    { status },
  );

export const notAnApprover = (roles: readonly Role[]) =>
  new DomainError('FORBIDDEN', `Recording a change approval requires one of the roles: ${roles.join(', ')}`, {
    roles,
  });

export const ownChange = () =>
  new DomainError('FORBIDDEN', 'The requester of a change cannot approve or reject it');

export const alreadyDecided = (approverId: string) =>
  new DomainError(
    'CHANGE_APPROVAL_ALREADY_RECORDED',
    `${approverId} already recorded a decision on this change; each approver decides once`,
    { approverId },
  );
