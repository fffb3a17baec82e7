import type { Impact, IncidentStatus, Priority, Urgency } from '@mim/contracts';
import { assertVersion, isOpen } from './incident.domain';
import { invalidFields, notOpen } from './incident.errors';
import { type PriorityMatrix, priorityOf } from './priority';

export interface ClassificationState {
  status: IncidentStatus;
  version: number;
  impact: Impact;
  urgency: Urgency;
  priority: Priority;
}

export interface Classification {
  impact: Impact;
  urgency: Urgency;
  priority: Priority;
}

/**
 * Changes impact and/or urgency of an open incident and recomputes its priority from the matrix. A
 * change that changes nothing is refused (BAD_USER_INPUT), so every recorded change is a real one.
 */
export function reclassify(
  state: ClassificationState,
  expectedVersion: number,
  requested: { impact?: Impact | null; urgency?: Urgency | null },
  matrix?: PriorityMatrix,
): { state: ClassificationState; from: Classification; to: Classification } {
  assertVersion(expectedVersion, state.version);
  if (!isOpen(state.status)) throw notOpen(state.status, 'reclassified');
  const impact = requested.impact ?? state.impact;
  const urgency = requested.urgency ?? state.urgency;
  if (impact === state.impact && urgency === state.urgency) {
    throw invalidFields([
      { path: 'impact', message: `impact (${state.impact}) and urgency (${state.urgency}) are unchanged` },
    ]);
  }
  const from = { impact: state.impact, urgency: state.urgency, priority: state.priority };
  const to = { impact, urgency, priority: priorityOf(impact, urgency, matrix) };
  return { state: { ...state, ...to, version: state.version + 1 }, from, to };
}
