import type { Role } from '@mim/auth';
import {
  type ChangeStatus,
  changeApprovalDecisionSchema,
  changeStatusSchema,
  changeTypeSchema,
} from '@mim/contracts';
import type { ApprovalProgress } from '../change-approval/change-approval.domain';
import { type FreezeLike, assertOutsideFreezes } from '../freeze-period/freeze-period.domain';
import {
  changeManagerRoles,
  holdsRole,
  implementerRoles,
  requesterRoles,
  reviewerRoles,
} from './change-request.access';
import {
  approvalQuorumNotMet,
  invalidPlannedWindow,
  invalidTransition,
  notAllowedToEnter,
  rejectionIsADecision,
  reviewIsRecorded,
  staleVersion,
  standardWithoutTemplate,
  templateRetiredAtSubmission,
} from './change-request.errors';
import { isValidWindow } from './planned-window';

export { isValidWindow };

/** STANDARD (pre-approved template), NORMAL (change advisory board), EMERGENCY (expedited). */
export const changeTypes = changeTypeSchema.options;
export type ChangeType = (typeof changeTypes)[number];
export const changeRisks = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type ChangeRisk = (typeof changeRisks)[number];
/** How much of the business the change touches: the incident service's impact scale. */
export const changeImpacts = ['MINOR', 'MODERATE', 'SIGNIFICANT', 'EXTENSIVE'] as const;
export type ChangeImpact = (typeof changeImpacts)[number];
export const incidentRelations = ['FIXES', 'CAUSED_BY'] as const;
export type IncidentRelation = (typeof incidentRelations)[number];
export const approvalDecisions = changeApprovalDecisionSchema.options;
export type ApprovalDecision = (typeof approvalDecisions)[number];

/** The lifecycle's states; declared once, in the `change.status_changed.v1` contract. */
export const changeStatuses: readonly ChangeStatus[] = changeStatusSchema.options;
export type { ChangeStatus };

/**
 * The lifecycle; each entry lists the states reachable in one step. SUBMITTED -> APPROVED is the
 * standard change's (pre-approved: approved on submission, never assessed); every other change is
 * assessed, then approved or rejected by its approvers. Implementation ends IMPLEMENTED or FAILED, or is
 * ROLLED_BACK (during it or after a failure); every implemented, failed or rolled-back change gets a
 * post-implementation review before it closes (DOMAIN.md, stage 4); a rejected change closes without one.
 */
export const allowedTransitions: Record<ChangeStatus, readonly ChangeStatus[]> = {
  DRAFT: ['SUBMITTED'],
  SUBMITTED: ['ASSESSED', 'APPROVED'],
  ASSESSED: ['APPROVED', 'REJECTED'],
  APPROVED: ['SCHEDULED'],
  REJECTED: ['CLOSED'],
  SCHEDULED: ['IMPLEMENTING'],
  IMPLEMENTING: ['IMPLEMENTED', 'FAILED', 'ROLLED_BACK'],
  IMPLEMENTED: ['REVIEWED'],
  FAILED: ['ROLLED_BACK', 'REVIEWED'],
  ROLLED_BACK: ['REVIEWED'],
  REVIEWED: ['CLOSED'],
  CLOSED: [],
};

/** Whether a change of this type may go from one state to the other in one step. */
export function canTransition(type: ChangeType, from: ChangeStatus, to: ChangeStatus): boolean {
  if (!allowedTransitions[from].includes(to)) return false;
  // Only a standard change skips the assessment; only it is approved without approvers.
  if (from === 'SUBMITTED') return (to === 'APPROVED') === (type === 'STANDARD');
  return true;
}

/**
 * How each state is entered: `submission` (submitChangeRequest, or the status mutation to SUBMITTED),
 * `move` (the status mutation), `decision` (the approval rule, as recordChangeApproval records votes),
 * `review` (recordPostImplementationReview); DRAFT only by creation.
 */
export type EntryRoute = 'creation' | 'submission' | 'move' | 'decision' | 'review';
export const entryRoutes: Record<ChangeStatus, EntryRoute> = {
  DRAFT: 'creation',
  SUBMITTED: 'submission',
  ASSESSED: 'move',
  APPROVED: 'decision',
  REJECTED: 'decision',
  SCHEDULED: 'move',
  IMPLEMENTING: 'move',
  IMPLEMENTED: 'move',
  FAILED: 'move',
  ROLLED_BACK: 'move',
  REVIEWED: 'review',
  CLOSED: 'move',
};

/**
 * Who may move a change into each state (RACI: technical staff responsible, change manager
 * accountable); `admin` always may. Only the change manager authorises: assesses, schedules, closes,
 * and completes an approval or rejects (APPROVED and REJECTED are entered by the approval rule, never set
 * directly). Technical staff implement: start, mark implemented or failed, roll back. Technical staff
 * and the change manager record the review. DRAFT is never entered by a move.
 */
export const rolesAllowedToEnter: Record<ChangeStatus, readonly Role[]> = {
  DRAFT: [],
  SUBMITTED: requesterRoles,
  ASSESSED: changeManagerRoles,
  APPROVED: changeManagerRoles,
  REJECTED: changeManagerRoles,
  SCHEDULED: changeManagerRoles,
  IMPLEMENTING: implementerRoles,
  IMPLEMENTED: implementerRoles,
  FAILED: implementerRoles,
  ROLLED_BACK: implementerRoles,
  REVIEWED: reviewerRoles,
  CLOSED: changeManagerRoles,
};

export function mayEnter(roles: readonly Role[], to: ChangeStatus): boolean {
  return to !== 'DRAFT' && holdsRole(roles, rolesAllowedToEnter[to]);
}

export function assertTransition(type: ChangeType, from: ChangeStatus, to: ChangeStatus): void {
  if (canTransition(type, from, to)) return;
  if (from === 'SUBMITTED' && to === 'ASSESSED') {
    throw invalidTransition(from, to, 'a standard change is pre-approved, it is not assessed');
  }
  if (from === 'SUBMITTED' && to === 'APPROVED') {
    throw invalidTransition(from, to, `a ${type} change is assessed before its approvers decide`);
  }
  throw invalidTransition(from, to);
}

export function assertVersion(expected: number, actual: number): void {
  if (expected !== actual) throw staleVersion(expected, actual);
}

export function assertMayEnter(actor: Actor, to: ChangeStatus): void {
  if (!mayEnter(actor.roles, to)) throw notAllowedToEnter(to, rolesAllowedToEnter[to]);
}

export interface Actor {
  subject: string;
  roles: readonly Role[];
}

/** What the lifecycle rules read of a change request. */
export interface ChangeState {
  type: ChangeType;
  status: ChangeStatus;
  version: number;
  plannedStart: Date;
  plannedEnd: Date;
  affectedServices: readonly string[];
  requestedById: string;
  /** The approvals it needs, fixed on submission; null for a standard change and before submission. */
  approvalQuorum: number | null;
}

/**
 * What a rule decided happened, in order; each fact is one event (`change.<type>.v1`) and one version
 * of the change.
 */
export type ChangeFact =
  | { type: 'status_changed'; from: ChangeStatus; to: ChangeStatus }
  | {
      type: 'approval_recorded';
      approverId: string;
      decision: ApprovalDecision;
      approvals: number;
      quorum: number;
    }
  | { type: 'reviewed'; effective: boolean; summary: string };

export interface Decision<TState extends ChangeState> {
  /** The change after the facts: the last status reached, one version more per fact. */
  state: TState;
  facts: ChangeFact[];
}

/** A status move as a fact. */
export const moved = (from: ChangeStatus, to: ChangeStatus): ChangeFact => ({
  type: 'status_changed',
  from,
  to,
});

/** Applies the facts (and other field changes) to the state: one version per fact. */
export function decided<TState extends ChangeState>(
  state: TState,
  facts: ChangeFact[],
  changes: Partial<ChangeState> = {},
): Decision<TState> {
  const status = facts.reduce(
    (current, fact) => (fact.type === 'status_changed' ? fact.to : current),
    state.status,
  );
  return { state: { ...state, ...changes, status, version: state.version + facts.length }, facts };
}

export interface IncidentLink {
  incidentId: string;
  relation: IncidentRelation;
}

export interface NewChangeRequest {
  title: string;
  description: string;
  type: ChangeType;
  risk: ChangeRisk;
  impact: ChangeImpact;
  implementationPlan: string;
  rollbackPlan: string;
  testPlan: string | null;
  plannedStart: Date;
  plannedEnd: Date;
  affectedServices: string[];
  configurationItems: string[];
  incidentLinks: IncidentLink[];
  problemIds: string[];
  /** The standard change template it was created from; set exactly for standard changes. */
  templateId: string | null;
  requestedById: string;
  status: 'DRAFT';
  version: 1;
  approvalQuorum: null;
}

/** A draft at version 1. A standard change comes from a template, any other from none. */
export function raiseChangeRequest(
  actor: Actor,
  input: Omit<NewChangeRequest, 'requestedById' | 'status' | 'version' | 'approvalQuorum'>,
): NewChangeRequest {
  if (!isValidWindow(input.plannedStart, input.plannedEnd)) throw invalidPlannedWindow();
  if ((input.type === 'STANDARD') !== (input.templateId !== null)) throw standardWithoutTemplate();
  return { ...input, requestedById: actor.subject, status: 'DRAFT', version: 1, approvalQuorum: null };
}

/** The incidents a change is meant to fix (the `fixesIncidentIds` of its events). */
export function fixedIncidentIds(links: readonly IncidentLink[]): string[] {
  return links.filter((link) => link.relation === 'FIXES').map((link) => link.incidentId);
}

/** What submission checks besides the change itself; the service loads it. */
export interface SubmissionContext {
  /** Freeze periods whose period overlaps the change's window (the rule picks those that block it). */
  freezes: readonly FreezeLike[];
  /** The approvals the change will need (`approvalQuorumFor`); null for a standard change. */
  approvalQuorum: number | null;
  /** A standard change's template is still in the catalogue (not retired); true for other changes. */
  templateActive: boolean;
}

/**
 * DRAFT -> SUBMITTED, by a requester, outside any freeze that holds the change back (CHANGE_FREEZE). The
 * number of approvals it needs is fixed now, by the rule in force. A standard change is approved at once
 * (SUBMITTED -> APPROVED, a second fact) while its template is in the catalogue.
 */
export function submitChange<TState extends ChangeState>(
  state: TState,
  actor: Actor,
  expectedVersion: number,
  context: SubmissionContext,
): Decision<TState> {
  assertVersion(expectedVersion, state.version);
  assertTransition(state.type, state.status, 'SUBMITTED');
  assertMayEnter(actor, 'SUBMITTED');
  assertOutsideFreezes(state, context.freezes);
  const facts = [moved(state.status, 'SUBMITTED')];
  if (state.type === 'STANDARD') {
    if (!context.templateActive) throw templateRetiredAtSubmission();
    facts.push(moved('SUBMITTED', 'APPROVED'));
  }
  return decided(state, facts, { approvalQuorum: context.approvalQuorum });
}

/** What a move checks besides the change itself; the service loads what the target state needs. */
export interface MoveContext {
  /** For SCHEDULED: freeze periods overlapping the change's window. */
  freezes: readonly FreezeLike[];
  /** For APPROVED: how far the approvals went (reported in the refusal). */
  approvals: ApprovalProgress | null;
}

/**
 * One step of the lifecycle through the status mutation: checks the expected version, then the
 * transition, then the actor's right to make it. Decisions and the review have their own mutations:
 * forcing APPROVED is CHANGE_APPROVAL_QUORUM_NOT_MET (the rule approves as soon as it is met), REJECTED
 * and REVIEWED are INVALID_TRANSITION. Scheduling checks freezes again (one may have been declared since
 * submission). Submission is `submitChange`.
 */
export function moveChange<TState extends ChangeState>(
  state: TState,
  actor: Actor,
  expectedVersion: number,
  to: ChangeStatus,
  context: MoveContext,
): Decision<TState> {
  assertVersion(expectedVersion, state.version);
  assertTransition(state.type, state.status, to);
  assertMayEnter(actor, to);
  const route = entryRoutes[to];
  switch (route) {
    case 'creation':
    case 'submission':
      // DRAFT is never a target (assertTransition); submission has its own checks.
      throw new Error(`moveChange cannot enter ${to}: use submitChange`);
    case 'decision':
      if (to === 'APPROVED') {
        throw approvalQuorumNotMet(
          state.type,
          context.approvals ?? { approvals: 0, quorum: state.approvalQuorum, changeManagerApproved: false },
        );
      }
      throw rejectionIsADecision(state.status);
    case 'review':
      throw reviewIsRecorded(state.status);
    case 'move':
      if (to === 'SCHEDULED') assertOutsideFreezes(state, context.freezes);
      return decided(state, [moved(state.status, to)]);
  }
}
