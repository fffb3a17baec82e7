import type { Impact, IncidentStatus, IntakeChannel, Priority, Urgency } from '@mim/contracts';
import { invalidTransition, staleVersion } from './incident.errors';
import { type PriorityMatrix, priorityOf } from './priority';

/** The lifecycle; each entry lists the states reachable in one step. */
export const allowedTransitions: Record<IncidentStatus, readonly IncidentStatus[]> = {
  NEW: ['ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'CANCELLED'],
  ACKNOWLEDGED: ['IN_PROGRESS', 'ON_HOLD', 'RESOLVED', 'CANCELLED'],
  IN_PROGRESS: ['ON_HOLD', 'RESOLVED', 'CANCELLED'],
  ON_HOLD: ['IN_PROGRESS', 'RESOLVED', 'CANCELLED'],
  RESOLVED: ['CLOSED', 'IN_PROGRESS'],
  CLOSED: [],
  CANCELLED: [],
};

export function assertTransition(from: IncidentStatus, to: IncidentStatus): void {
  if (!allowedTransitions[from].includes(to)) throw invalidTransition(from, to);
}

export function assertVersion(expected: number, actual: number): void {
  if (expected !== actual) throw staleVersion(expected, actual);
}

export interface IncidentState {
  status: IncidentStatus;
  version: number;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  resolutionNotes: string | null;
}

export interface NewIncident {
  title: string;
  description: string;
  kind: 'INCIDENT' | 'SERVICE_REQUEST';
  channel: IntakeChannel;
  impact: Impact;
  urgency: Urgency;
  priority: Priority;
  status: 'NEW';
  version: 1;
}

/** Classifies a new incident: priority always comes from the matrix, never from the client. */
export function logIncident(
  input: Omit<NewIncident, 'priority' | 'status' | 'version'>,
  matrix?: PriorityMatrix,
): NewIncident {
  return { ...input, priority: priorityOf(input.impact, input.urgency, matrix), status: 'NEW', version: 1 };
}

export function acknowledge(state: IncidentState, expectedVersion: number, at: Date): IncidentState {
  assertVersion(expectedVersion, state.version);
  assertTransition(state.status, 'ACKNOWLEDGED');
  return { ...state, status: 'ACKNOWLEDGED', acknowledgedAt: at, version: state.version + 1 };
}

export function resolve(
  state: IncidentState,
  expectedVersion: number,
  at: Date,
  notes: string,
): IncidentState {
  assertVersion(expectedVersion, state.version);
  assertTransition(state.status, 'RESOLVED');
  return {
    ...state,
    status: 'RESOLVED',
    // Resolving an unacknowledged incident acknowledges it too, so MTTA is never missing.
    acknowledgedAt: state.acknowledgedAt ?? at,
    resolvedAt: at,
    resolutionNotes: notes,
    version: state.version + 1,
  };
}
