import type { Role } from '@mim/auth';
import { type ChangeStatus, changeStatusSchema } from '@mim/contracts';
import {
  invalidPlannedWindow,
  invalidTransition,
  notAllowedToEnter,
  staleVersion,
} from './change-request.errors';

export const changeTypes = ['STANDARD', 'NORMAL', 'EMERGENCY'] as const;
export type ChangeType = (typeof changeTypes)[number];
export const changeRisks = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type ChangeRisk = (typeof changeRisks)[number];
export const incidentRelations = ['FIXES', 'CAUSED_BY'] as const;
export type IncidentRelation = (typeof incidentRelations)[number];

/** The lifecycle's states; declared once, in the `change.status_changed.v1` contract. */
export const changeStatuses: readonly ChangeStatus[] = changeStatusSchema.options;
export type { ChangeStatus };

/**
 * The lifecycle; each entry lists the states reachable in one step. A failed change is rolled back
 * before its review; every implemented or rolled-back change gets a post-implementation review before
 * it closes (DOMAIN.md, stage 4); a rejected change closes without one.
 */
export const allowedTransitions: Record<ChangeStatus, readonly ChangeStatus[]> = {
  DRAFT: ['SUBMITTED'],
  SUBMITTED: ['ASSESSED'],
  ASSESSED: ['APPROVED', 'REJECTED'],
  APPROVED: ['SCHEDULED'],
  REJECTED: ['CLOSED'],
  SCHEDULED: ['IMPLEMENTING'],
  IMPLEMENTING: ['IMPLEMENTED', 'FAILED'],
  IMPLEMENTED: ['REVIEWED'],
  FAILED: ['ROLLED_BACK'],
  ROLLED_BACK: ['REVIEWED'],
  REVIEWED: ['CLOSED'],
  CLOSED: [],
};

/** Who may raise a change request (and submit it). */
export const requesterRoles = [
  'change_manager',
  'technical_staff',
  'major_incident_manager',
  'mi_team_member',
] as const satisfies readonly Role[];

const changeManager: readonly Role[] = ['change_manager'];
/** RACI "implement the resolution as a change": technical staff responsible, change manager accountable. */
const implementers: readonly Role[] = ['technical_staff', 'change_manager'];

/**
 * Who may move a change into each state; `admin` always may. The change manager is accountable: only
 * they approve, reject, schedule and close. Technical staff implement (and roll back) and, with the
 * change manager, assess and review. DRAFT is never entered by a move.
 */
export const rolesAllowedToEnter: Record<ChangeStatus, readonly Role[]> = {
  DRAFT: [],
  SUBMITTED: requesterRoles,
  ASSESSED: implementers,
  APPROVED: changeManager,
  REJECTED: changeManager,
  SCHEDULED: changeManager,
  IMPLEMENTING: implementers,
  IMPLEMENTED: implementers,
  FAILED: implementers,
  ROLLED_BACK: implementers,
  REVIEWED: implementers,
  CLOSED: changeManager,
};

export function mayEnter(roles: readonly Role[], to: ChangeStatus): boolean {
  return roles.includes('admin') || roles.some((role) => rolesAllowedToEnter[to].includes(role));
}

export function assertTransition(from: ChangeStatus, to: ChangeStatus): void {
  if (!allowedTransitions[from].includes(to)) throw invalidTransition(from, to);
}

export function assertVersion(expected: number, actual: number): void {
  if (expected !== actual) throw staleVersion(expected, actual);
}

/** A planned window must have a positive length. */
export function isValidWindow(start: Date, end: Date): boolean {
  return end.getTime() > start.getTime();
}

export interface Actor {
  subject: string;
  roles: readonly Role[];
}

export interface ChangeState {
  status: ChangeStatus;
  version: number;
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
  implementationPlan: string;
  rollbackPlan: string;
  testPlan: string | null;
  plannedStart: Date;
  plannedEnd: Date;
  affectedServices: string[];
  incidentLinks: IncidentLink[];
  requestedById: string;
  status: 'DRAFT';
  version: 1;
}

export function raiseChangeRequest(
  actor: Actor,
  input: Omit<NewChangeRequest, 'requestedById' | 'status' | 'version'>,
): NewChangeRequest {
  if (!isValidWindow(input.plannedStart, input.plannedEnd)) throw invalidPlannedWindow();
  return { ...input, requestedById: actor.subject, status: 'DRAFT', version: 1 };
}

/** The incidents a change is meant to fix (the `fixesIncidentIds` of change.requested.v1). */
export function fixedIncidentIds(links: readonly IncidentLink[]): string[] {
  return links.filter((link) => link.relation === 'FIXES').map((link) => link.incidentId);
}

/** Checks the expected version, then the transition, then the actor's right to make it. */
export function changeStatus<TState extends ChangeState>(
  state: TState,
  actor: Actor,
  expectedVersion: number,
  to: ChangeStatus,
): TState {
  assertVersion(expectedVersion, state.version);
  assertTransition(state.status, to);
  if (!mayEnter(actor.roles, to)) throw notAllowedToEnter(to, rolesAllowedToEnter[to]);
  return { ...state, status: to, version: state.version + 1 };
}
