import type { Role } from '@mim/auth';
import { cabRoles, changeManagerRoles, holdsRole } from '../change-request/change-request.access';
import {
  type Actor,
  type ApprovalDecision,
  type ChangeFact,
  type ChangeState,
  type ChangeType,
  type Decision,
  assertVersion,
  decided,
  moved,
} from '../change-request/change-request.domain';
import { alreadyDecided, notAnApprover, notAwaitingApproval, ownChange } from './change-approval.errors';

/**
 * The approval rules (DOMAIN.md: the change manager is accountable for the change that implements the
 * fix):
 *
 * - STANDARD: pre-approved by its template; approved on submission, no votes.
 * - NORMAL: the change advisory board. Approved once `quorum` distinct approvers (CHANGE_CAB_QUORUM,
 *   default 2) approved, one of them a change manager: the quorum counts the change manager.
 * - EMERGENCY: expedited, the emergency board: a change manager plus one other approver (quorum 2).
 *
 * For both: approvers are CAB members (change manager, technical staff, problem manager, major incident
 * manager; admin); each decides once, and never on a change they requested. A change manager's REJECT
 * rejects the change at once; a REJECT from another member is recorded as advice and decides nothing.
 * An admin's vote counts as a change manager's (admin holds every role).
 */
export const emergencyApprovalQuorum = 2;

/** The approvals a change of this type needs, fixed when it is submitted; null: none (pre-approved). */
export function approvalQuorumFor(type: ChangeType, cabQuorum: number): number | null {
  switch (type) {
    case 'STANDARD':
      return null;
    case 'NORMAL':
      return cabQuorum;
    case 'EMERGENCY':
      return emergencyApprovalQuorum;
  }
}

export function isApprover(roles: readonly Role[]): boolean {
  return holdsRole(roles, cabRoles);
}

/** The accountable approver: a change manager (or an admin). */
export function isAccountableApprover(roles: readonly Role[]): boolean {
  return holdsRole(roles, changeManagerRoles);
}

export interface Vote {
  approverId: string;
  decision: ApprovalDecision;
  /** Cast by a change manager: the accountable approver. */
  byChangeManager: boolean;
}

export interface ApprovalProgress {
  /** Distinct approvers who approved, the change manager included. */
  approvals: number;
  /** Distinct approvers who rejected. */
  rejections: number;
  quorum: number | null;
  changeManagerApproved: boolean;
  changeManagerRejected: boolean;
}

/** Counts the votes, each approver once (their first vote). */
export function approvalProgress(votes: readonly Vote[], quorum: number | null): ApprovalProgress {
  const seen = new Set<string>();
  const distinct = votes.filter((vote) => !seen.has(vote.approverId) && seen.add(vote.approverId));
  const approving = distinct.filter((vote) => vote.decision === 'APPROVE');
  const rejecting = distinct.filter((vote) => vote.decision === 'REJECT');
  return {
    approvals: approving.length,
    rejections: rejecting.length,
    quorum,
    changeManagerApproved: approving.some((vote) => vote.byChangeManager),
    changeManagerRejected: rejecting.some((vote) => vote.byChangeManager),
  };
}

/** What the votes so far decide: rejected by a change manager, approved at quorum, or still open. */
export function approvalOutcome(progress: ApprovalProgress): 'APPROVED' | 'REJECTED' | 'PENDING' {
  if (progress.changeManagerRejected) return 'REJECTED';
  if (progress.quorum !== null && progress.changeManagerApproved && progress.approvals >= progress.quorum) {
    return 'APPROVED';
  }
  return 'PENDING';
}

export interface RecordedApproval<TState extends ChangeState> extends Decision<TState> {
  vote: Vote;
  progress: ApprovalProgress;
}

/**
 * Records one approver's decision on an ASSESSED change. Checks, in order: the expected version
 * (CONFLICT), that the change awaits approval (INVALID_TRANSITION), that the actor is a CAB member and not
 * its requester (FORBIDDEN), that they have not decided already (CHANGE_APPROVAL_ALREADY_RECORDED).
 * Facts: the approval, then ASSESSED -> APPROVED or REJECTED when the rule decides.
 */
export function recordApproval<TState extends ChangeState>(
  state: TState,
  votes: readonly Vote[],
  actor: Actor,
  expectedVersion: number,
  decision: ApprovalDecision,
): RecordedApproval<TState> {
  assertVersion(expectedVersion, state.version);
  if (state.status !== 'ASSESSED' || state.approvalQuorum === null) {
    throw notAwaitingApproval(state.status, state.type === 'STANDARD');
  }
  if (!isApprover(actor.roles)) throw notAnApprover(cabRoles);
  if (actor.subject === state.requestedById) throw ownChange();
  if (votes.some((vote) => vote.approverId === actor.subject)) throw alreadyDecided(actor.subject);
  const vote: Vote = {
    approverId: actor.subject,
    decision,
    byChangeManager: isAccountableApprover(actor.roles),
  };
  const progress = approvalProgress([...votes, vote], state.approvalQuorum);
  const facts: ChangeFact[] = [
    {
      type: 'approval_recorded',
      approverId: actor.subject,
      decision,
      approvals: progress.approvals,
      quorum: state.approvalQuorum,
    },
  ];
  const outcome = approvalOutcome(progress);
  if (outcome !== 'PENDING') facts.push(moved(state.status, outcome));
  return { ...decided(state, facts), vote, progress };
}
