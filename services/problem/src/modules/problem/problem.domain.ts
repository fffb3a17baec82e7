import type { Caller } from '@mim/auth';
import { type Person, type Priority, type ProblemStatus, problemStatusSchema } from '@mim/contracts';
import { forbidden, invalidTransition, notAllowedNow, staleVersion } from './problem.errors';
import { can } from './problem.permissions';

/** The lifecycle's states, in order; declared once, in the `problem.status_changed.v1` contract. */
export const problemStatuses: readonly ProblemStatus[] = problemStatusSchema.options;
export type { ProblemStatus };

/**
 * The lifecycle. Forward, one step at a time, so every resolved problem has a recorded root cause and
 * was a known error (with its workaround) first: the reusable record DOMAIN.md asks for. Backward, where
 * the work proves wrong:
 * - ROOT_CAUSE_IDENTIFIED or KNOWN_ERROR -> UNDER_INVESTIGATION: the analysis was wrong;
 * - RESOLVED -> KNOWN_ERROR: the fix did not hold (a recurrence during the post-implementation review);
 *   the workaround still applies while another fix is found.
 * CLOSED is final (a problem merged into another is closed too); a later recurrence is a new problem.
 */
export const allowedTransitions: Record<ProblemStatus, readonly ProblemStatus[]> = {
  NEW: ['UNDER_INVESTIGATION'],
  UNDER_INVESTIGATION: ['ROOT_CAUSE_IDENTIFIED'],
  ROOT_CAUSE_IDENTIFIED: ['KNOWN_ERROR', 'UNDER_INVESTIGATION'],
  KNOWN_ERROR: ['RESOLVED', 'UNDER_INVESTIGATION'],
  RESOLVED: ['CLOSED', 'KNOWN_ERROR'],
  CLOSED: [],
};

/** The states in which the root cause is identified: its statement must stay recorded. */
export const rootCauseIdentifiedStatuses: readonly ProblemStatus[] = [
  'ROOT_CAUSE_IDENTIFIED',
  'KNOWN_ERROR',
  'RESOLVED',
];

export interface ProblemState {
  status: ProblemStatus;
  version: number;
}

/** What the lifecycle's guards look at besides the status. */
export interface LifecycleFacts {
  /** The root cause statement of the problem's analysis, if recorded. */
  rootCause: string | null;
  knownErrorCount: number;
}

/** Who acts: the verified caller's identity and roles. */
export type Actor = Pick<Caller, 'subject' | 'name' | 'roles'>;

export interface NewProblem {
  title: string;
  description: string;
  priority: Priority;
  affectedServices: string[];
  owner: Person | null;
  incidentIds: string[];
  status: 'NEW';
  version: 1;
}

export function assertVersion(expected: number, actual: number): void {
  if (expected !== actual) throw staleVersion(expected, actual);
}

/** CLOSED is final: nothing about a closed problem changes any more. */
export function assertOpen(state: ProblemState, what: string): void {
  if (state.status === 'CLOSED') throw notAllowedNow(state.status, `A CLOSED problem cannot be ${what}`);
}

/**
 * Opens a problem. The owner is the one named (by those who may name owners), else the caller when a
 * problem manager opens it, else nobody until a problem manager takes it.
 */
export function openProblem(
  actor: Actor,
  input: Omit<NewProblem, 'owner' | 'status' | 'version'> & { owner?: Person | null },
): NewProblem {
  const { owner, ...rest } = input;
  if (owner && !can(actor, 'assignOwner')) {
    throw forbidden('Only a problem manager or major incident manager may name the owner of a problem');
  }
  const self = actor.roles.includes('problem_manager') ? { id: actor.subject, name: actor.name } : null;
  return { ...rest, owner: owner ?? self, status: 'NEW', version: 1 };
}

/** Checks the expected version, the transition and its guard; returns the next state. */
export function changeStatus(
  state: ProblemState,
  expectedVersion: number,
  to: ProblemStatus,
  facts: LifecycleFacts,
): ProblemState {
  assertVersion(expectedVersion, state.version);
  if (!allowedTransitions[state.status].includes(to)) throw invalidTransition(state.status, to);
  if (to === 'ROOT_CAUSE_IDENTIFIED' && !facts.rootCause) {
    throw invalidTransition(
      state.status,
      to,
      'record the root cause statement first (recordRootCauseAnalysis)',
    );
  }
  if (to === 'KNOWN_ERROR' && facts.knownErrorCount === 0) {
    throw invalidTransition(
      state.status,
      to,
      'record a known error with its workaround first (recordKnownError)',
    );
  }
  return { status: to, version: state.version + 1 };
}

/** A new owner; null when it is the current one (nothing changes). */
export function assignOwner(
  state: ProblemState & { ownerId: string | null; ownerName: string | null },
  expectedVersion: number,
  owner: Person,
): { ownerId: string; ownerName: string; version: number } | null {
  assertVersion(expectedVersion, state.version);
  assertOpen(state, 'reassigned');
  if (state.ownerId === owner.id && state.ownerName === owner.name) return null;
  return { ownerId: owner.id, ownerName: owner.name, version: state.version + 1 };
}

/**
 * The incidents to link: only those not linked yet. When every one is linked already, nothing changes
 * (no new version, no event), whatever version the caller read: linking is idempotent.
 */
export function linkIncidents(
  state: ProblemState,
  expectedVersion: number,
  linked: readonly string[],
  requested: readonly string[],
): { newlyLinked: string[]; version: number } {
  assertOpen(state, 'linked to incidents');
  const already = new Set(linked);
  const newlyLinked = [...new Set(requested)].filter((id) => !already.has(id));
  if (newlyLinked.length === 0) return { newlyLinked, version: state.version };
  assertVersion(expectedVersion, state.version);
  return { newlyLinked, version: state.version + 1 };
}
