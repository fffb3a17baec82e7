import { type SlaClockEvaluation, type SlaStatus, evaluateSla } from './sla.domain';
import type { SlaConfig } from './sla.policy';
import { type IncidentSlaStatus, type SlaRecord, judgedAt, overallSlaStatus } from './sla.record';

/** `Incident.sla` as the schema (sla.graphql) shapes it. */
export interface IncidentSlaView {
  status: IncidentSlaStatus;
  firstResponse: {
    status: SlaStatus;
    targetSeconds: number;
    dueAt: Date;
    remainingSeconds: number;
    completedAt: Date | null;
  };
  resolution: {
    status: SlaStatus;
    targetSeconds: number;
    dueAt: Date | null;
    remainingSeconds: number;
    paused: boolean;
    completedAt: Date | null;
  };
}

/** The SLA evaluated at `now` (or when a cancellation stopped it), so the time left is current. */
export function slaView(
  record: SlaRecord,
  now: Date,
  config: Pick<SlaConfig, 'atRiskRatio'>,
): IncidentSlaView {
  const evaluation = evaluateSla(record.state, judgedAt(record, now), config);
  const { firstResponse, resolution } = evaluation;
  return {
    status: overallSlaStatus(evaluation),
    firstResponse: {
      ...common(firstResponse),
      // The first-response clock never pauses, so its due time is always known.
      dueAt: firstResponse.dueAt ?? new Date(record.state.reportedAt.getTime() + firstResponse.targetMs),
      completedAt: firstResponse.completedAt,
    },
    resolution: {
      ...common(resolution),
      dueAt: resolution.dueAt,
      paused: resolution.paused,
      completedAt: resolution.completedAt,
    },
  };
}

function common(clock: SlaClockEvaluation) {
  return {
    status: clock.status,
    targetSeconds: seconds(clock.targetMs),
    remainingSeconds: seconds(clock.remainingMs),
  };
}

/** Whole seconds, rounded up, so a positive time left never shows as 0 (0 or less means breached). */
function seconds(ms: number): number {
  return Math.ceil(ms / 1000) || 0;
}
