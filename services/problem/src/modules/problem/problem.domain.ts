import type { Role } from '@mim/auth';
import { type Priority, type ProblemStatus, problemStatusSchema } from '@mim/contracts';
import { cannotAssignOwner, invalidTransition, notProblemOwner, staleVersion } from './problem.errors';

/** The lifecycle's states, in order; declared once, in the `problem.status_changed.v1` contract. */
export const problemStatuses: readonly ProblemStatus[] = problemStatusSchema.options;
export type { ProblemStatus };

/**
 * The lifecycle, strictly linear: each entry lists the one state reachable from it. No step is skipped, so
 * every resolved problem has a recorded root cause and was a known error (with its workaround) first: the
 * reusable record DOMAIN.md asks for. No step goes back either: a recurrence after RESOLVED is a new
 * problem linked to the new incidents.
 */
export const allowedTransitions: Record<ProblemStatus, readonly ProblemStatus[]> = {
  NEW: ['UNDER_INVESTIGATION'],
  UNDER_INVESTIGATION: ['ROOT_CAUSE_IDENTIFIED'],
  ROOT_CAUSE_IDENTIFIED: ['KNOWN_ERROR'],
  KNOWN_ERROR: ['RESOLVED'],
  RESOLVED: ['CLOSED'],
  CLOSED: [],
};

/** Who may open a problem record (RACI "create the problem record": MI team R, MI manager A). */
export const problemCreatorRoles = [
  'problem_manager',
  'major_incident_manager',
  'mi_team_member',
  'service_desk_technician',
] as const satisfies readonly Role[];

/** Who may assign the record to someone other than themselves. */
const ownerAssignerRoles: readonly Role[] = ['problem_manager', 'major_incident_manager', 'admin'];
/** Besides the owner, who may move any problem along (the problem manager owns problem management). */
const statusManagerRoles: readonly Role[] = ['problem_manager', 'admin'];

export interface Actor {
  subject: string;
  roles: readonly Role[];
}

export interface ProblemState {
  status: ProblemStatus;
  version: number;
  ownerId: string;
}

export interface NewProblem {
  title: string;
  description: string;
  priority: Priority;
  ownerId: string;
  incidentIds: string[];
  status: 'NEW';
  version: 1;
}

export function assertTransition(from: ProblemStatus, to: ProblemStatus): void {
  if (!allowedTransitions[from].includes(to)) throw invalidTransition(from, to);
}

export function assertVersion(expected: number, actual: number): void {
  if (expected !== actual) throw staleVersion(expected, actual);
}

/** The owner defaults to the caller; naming someone else is a manager's decision. */
export function ownerFor(actor: Actor, requestedOwnerId: string | null | undefined): string {
  if (!requestedOwnerId || requestedOwnerId === actor.subject) return actor.subject;
  if (!actor.roles.some((role) => ownerAssignerRoles.includes(role))) throw cannotAssignOwner();
  return requestedOwnerId;
}

export function mayChangeStatus(actor: Actor, problem: Pick<ProblemState, 'ownerId'>): boolean {
  return problem.ownerId === actor.subject || actor.roles.some((role) => statusManagerRoles.includes(role));
}

export function openProblem(
  actor: Actor,
  input: Omit<NewProblem, 'ownerId' | 'status' | 'version'> & { ownerId?: string | null },
): NewProblem {
  const { ownerId, ...rest } = input;
  return { ...rest, ownerId: ownerFor(actor, ownerId), status: 'NEW', version: 1 };
}

/** Checks the expected version, then the transition, then permission; returns the next state. */
export function changeStatus(
  state: ProblemState,
  actor: Actor,
  expectedVersion: number,
  to: ProblemStatus,
): ProblemState {
  assertVersion(expectedVersion, state.version);
  assertTransition(state.status, to);
  if (!mayChangeStatus(actor, state)) throw notProblemOwner();
  return { ...state, status: to, version: state.version + 1 };
}
