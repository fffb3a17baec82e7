import type { IncidentStatus, Person, SupportTier } from '@mim/contracts';
import { assertVersion, isOpen } from './incident.domain';
import { highestTier, invalidFields, notOpen } from './incident.errors';

/** Who owns an incident: the support tier, the assignment group and the assignee within it. */
export interface OwnershipState {
  status: IncidentStatus;
  version: number;
  supportTier: SupportTier;
  assignmentGroup: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  escalationManagerId: string | null;
  escalationManagerName: string | null;
}

export interface Ownership {
  supportTier: SupportTier;
  assignmentGroup: string | null;
  assignee: Person | null;
}

export function ownershipOf(state: OwnershipState): Ownership {
  return {
    supportTier: state.supportTier,
    assignmentGroup: state.assignmentGroup,
    assignee:
      state.assigneeId !== null
        ? { id: state.assigneeId, name: state.assigneeName ?? state.assigneeId }
        : null,
  };
}

const nextTier: Record<SupportTier, SupportTier | null> = { L1: 'L2', L2: 'L3', L3: null };

function assertChangeable(state: OwnershipState, expectedVersion: number, what: string): void {
  assertVersion(expectedVersion, state.version);
  if (!isOpen(state.status)) throw notOpen(state.status, what);
}

/**
 * Sets the assignment group and/or the assignee; `undefined` keeps a value, `null` clears it. Refused
 * when it would change nothing.
 */
export function assign(
  state: OwnershipState,
  expectedVersion: number,
  requested: { assignmentGroup?: string | null; assignee?: Person | null },
): { state: OwnershipState; from: Ownership; to: Ownership } {
  assertChangeable(state, expectedVersion, 'assigned');
  const next: OwnershipState = {
    ...state,
    assignmentGroup:
      requested.assignmentGroup === undefined ? state.assignmentGroup : requested.assignmentGroup,
    assigneeId: requested.assignee === undefined ? state.assigneeId : (requested.assignee?.id ?? null),
    assigneeName: requested.assignee === undefined ? state.assigneeName : (requested.assignee?.name ?? null),
  };
  if (next.assignmentGroup === state.assignmentGroup && next.assigneeId === state.assigneeId) {
    throw invalidFields([{ path: 'assignee', message: 'the incident is already assigned so' }]);
  }
  return { state: { ...next, version: state.version + 1 }, from: ownershipOf(state), to: ownershipOf(next) };
}

/**
 * Functional escalation: ownership moves one tier up (L1 -> L2 -> L3) to more skilled people. The
 * assignee is cleared (the new tier picks it up); the group becomes the target group when one is given.
 * L3 is the top: beyond it only hierarchical escalation remains.
 */
export function escalateFunctionally(
  state: OwnershipState,
  expectedVersion: number,
  requested: { assignmentGroup: string | null },
): { state: OwnershipState; from: Ownership; to: Ownership } {
  assertChangeable(state, expectedVersion, 'escalated');
  const tier = nextTier[state.supportTier];
  if (!tier) throw highestTier(state.supportTier);
  const next: OwnershipState = {
    ...state,
    supportTier: tier,
    assignmentGroup: requested.assignmentGroup ?? state.assignmentGroup,
    assigneeId: null,
    assigneeName: null,
    version: state.version + 1,
  };
  return { state: next, from: ownershipOf(state), to: ownershipOf(next) };
}

/**
 * Hierarchical escalation: the incident is raised to a named manager (a higher grade or an authority),
 * who becomes accountable; the tier and the people working on it stay. Raising it again to the same
 * manager changes nothing and is refused.
 */
export function escalateHierarchically(
  state: OwnershipState,
  expectedVersion: number,
  requested: { manager: Person },
): { state: OwnershipState; previousManager: Person | null } {
  assertChangeable(state, expectedVersion, 'escalated');
  if (state.escalationManagerId === requested.manager.id) {
    throw invalidFields([{ path: 'manager', message: 'the incident is already escalated to this manager' }]);
  }
  const previousManager =
    state.escalationManagerId !== null
      ? { id: state.escalationManagerId, name: state.escalationManagerName ?? state.escalationManagerId }
      : null;
  return {
    state: {
      ...state,
      escalationManagerId: requested.manager.id,
      escalationManagerName: requested.manager.name,
      version: state.version + 1,
    },
    previousManager,
  };
}
