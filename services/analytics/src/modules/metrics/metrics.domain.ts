import type {
  EventData,
  IncidentStatus,
  IntakeChannel,
  Priority,
  incidentCreatedV1,
  incidentStatusChangedV1,
} from '@mim/contracts';
import { invalidPeriod } from './metrics.errors';

/**
 * Metric definitions (DOMAIN.md, "Key performance indicators"), per incident and averaged by the summary:
 * - time to acknowledge (MTTA) = acknowledgedAt - reportedAt, where acknowledgedAt is the earliest move
 *   out of NEW to anything but CANCELLED (acknowledging, starting work, or resolving outright);
 * - time to resolve (MTTR) = resolvedAt - reportedAt, where resolvedAt is the latest resolution that was
 *   not reopened afterwards (a reopened incident is unresolved until resolved again);
 * - time to detect (MTTD) = reportedAt - failureStartedAt, when the failure start is known.
 * Each is null while one of its two instants is unknown.
 */
export interface MetricsState {
  incidentId: string;
  number: string | null;
  kind: 'INCIDENT' | 'SERVICE_REQUEST' | null;
  priority: Priority | null;
  channel: IntakeChannel | null;
  affectedServices: string[];
  reportedAt: Date | null;
  failureStartedAt: Date | null;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  /** Version of the latest resolution or reopening applied to resolvedAt (0: none yet). */
  resolutionVersion: number;
  status: IncidentStatus | null;
  /** Version of the latest event whose status (and priority) was applied (0: none yet). */
  lastAggregateVersion: number;
}

export type IncidentEvent =
  | { type: 'incident.created'; version: number; data: EventData<typeof incidentCreatedV1> }
  | { type: 'incident.status_changed'; version: number; data: EventData<typeof incidentStatusChangedV1> };

export function emptyMetrics(incidentId: string): MetricsState {
  return {
    incidentId,
    number: null,
    kind: null,
    priority: null,
    channel: null,
    affectedServices: [],
    reportedAt: null,
    failureStartedAt: null,
    acknowledgedAt: null,
    resolvedAt: null,
    resolutionVersion: 0,
    status: null,
    lastAggregateVersion: 0,
  };
}

/**
 * The merge rule: state + event -> new state. Order-tolerant and idempotent, so events may arrive late,
 * twice, or out of order and the result is the same: facts of the report are simply set; the status and
 * priority come from the highest aggregate version seen; acknowledgement is the earliest time seen;
 * resolution follows the highest-versioned resolution or reopening.
 */
export function applyIncidentEvent(state: MetricsState, event: IncidentEvent): MetricsState {
  const next: MetricsState = { ...state };
  // Every event carries the incident's priority and status at its version: the newest one wins.
  if (event.version > state.lastAggregateVersion) {
    next.lastAggregateVersion = event.version;
    next.priority = event.data.priority;
    next.status = event.type === 'incident.created' ? event.data.status : event.data.to;
  }
  switch (event.type) {
    case 'incident.created': {
      const { data } = event;
      next.number = data.number;
      next.kind = data.kind;
      next.channel = data.channel;
      next.affectedServices = [...data.affectedServices];
      next.reportedAt = new Date(data.reportedAt);
      next.failureStartedAt = data.failureStartedAt ? new Date(data.failureStartedAt) : null;
      return next;
    }
    case 'incident.status_changed': {
      const { data } = event;
      const at = new Date(data.changedAt);
      next.number = state.number ?? data.number;
      if (acknowledges(data.to)) next.acknowledgedAt = earliest(state.acknowledgedAt, at);
      const reopens = data.from === 'RESOLVED' && data.to !== 'CLOSED' && data.to !== 'RESOLVED';
      if ((data.to === 'RESOLVED' || reopens) && event.version > state.resolutionVersion) {
        next.resolutionVersion = event.version;
        next.resolvedAt = data.to === 'RESOLVED' ? at : null;
      }
      return next;
    }
  }
}

/** Any move to a worked or finished state is a response; cancelling (e.g. a duplicate) is not. */
function acknowledges(to: IncidentStatus): boolean {
  return to !== 'NEW' && to !== 'CANCELLED';
}

function earliest(current: Date | null, candidate: Date): Date {
  return current && current.getTime() <= candidate.getTime() ? current : candidate;
}

export interface IncidentDurations {
  timeToAcknowledgeSeconds: number | null;
  timeToResolveSeconds: number | null;
  timeToDetectSeconds: number | null;
}

export function durationsOf(state: MetricsState): IncidentDurations {
  return {
    timeToAcknowledgeSeconds: secondsBetween(state.reportedAt, state.acknowledgedAt),
    timeToResolveSeconds: secondsBetween(state.reportedAt, state.resolvedAt),
    timeToDetectSeconds: secondsBetween(state.failureStartedAt, state.reportedAt),
  };
}

function secondsBetween(start: Date | null, end: Date | null): number | null {
  return start && end ? (end.getTime() - start.getTime()) / 1000 : null;
}

/** The longest period the summary covers; longer ones are refused rather than scanned. */
export const maxPeriodYears = 3;

/** A summary period is half-open, [from, to): `to` after `from`, and at most three calendar years later. */
export function assertPeriod(from: Date, to: Date): void {
  if (to.getTime() <= from.getTime()) throw invalidPeriod('must be after from');
  const limit = new Date(from);
  limit.setUTCFullYear(limit.getUTCFullYear() + maxPeriodYears);
  if (to.getTime() > limit.getTime())
    throw invalidPeriod(`must be at most ${maxPeriodYears} years after from`);
}
