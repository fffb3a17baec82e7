import type {
  EventData,
  IncidentStatus,
  IntakeChannel,
  Priority,
  SupportTier,
  incidentAssignedV1,
  incidentCreatedV1,
  incidentEscalatedV1,
  incidentMajorDeclaredV1,
  incidentPriorityChangedV1,
  incidentServiceRestoredV1,
  incidentSlaBreachedV1,
  incidentStatusChangedV1,
} from '@mim/contracts';
import { invalidPeriod } from './metrics.errors';

/**
 * Metric definitions (DOMAIN.md, "Key performance indicators"), per incident and averaged by the summary:
 * - time to acknowledge (MTTA) = acknowledgedAt - reportedAt, where acknowledgedAt is the earliest move
 *   out of NEW to anything but CANCELLED (acknowledging, starting work, or resolving outright);
 * - time to resolve (MTTR) = resolvedAt - reportedAt, where resolvedAt is the latest resolution that was
 *   not reopened afterwards (a reopened incident is unresolved until resolved again);
 * - time to detect (MTTD) = reportedAt - failureStartedAt, when the failure start is known;
 * - downtime = from the failure's start (else the report) to the restoration of service (else the
 *   resolution), as the incident service defines it.
 * Each is null while one of its two instants is unknown.
 */
export interface MetricsState {
  incidentId: string;
  number: string | null;
  kind: 'INCIDENT' | 'SERVICE_REQUEST' | null;
  priority: Priority | null;
  channel: IntakeChannel | null;
  affectedServices: string[];
  category: string | null;
  supportTier: SupportTier | null;
  /** The assignment group working it. */
  team: string | null;
  major: boolean;
  majorDeclaredAt: Date | null;
  serviceRestoredAt: Date | null;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
  reportedAt: Date | null;
  failureStartedAt: Date | null;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  /** Version of the latest resolution or reopening applied to resolvedAt (0: none yet). */
  resolutionVersion: number;
  status: IncidentStatus | null;
  /** Version of the latest event whose status was applied (0: none yet). */
  lastAggregateVersion: number;
  /** Version of the latest event whose priority was applied. */
  priorityVersion: number;
  /** Version of the latest event whose tier and team were applied. */
  ownershipVersion: number;
  /** When the newest event applied happened (the start of the ingest lag). */
  lastEventAt: Date | null;
}

type Versioned<TType extends string, TDef> = {
  type: TType;
  version: number;
  occurredAt: Date;
  data: EventData<TDef>;
};

/** The incident events the projection merges. */
export type IncidentEvent =
  | Versioned<'incident.created', typeof incidentCreatedV1>
  | Versioned<'incident.status_changed', typeof incidentStatusChangedV1>
  | Versioned<'incident.priority_changed', typeof incidentPriorityChangedV1>
  | Versioned<'incident.assigned', typeof incidentAssignedV1>
  | Versioned<'incident.escalated', typeof incidentEscalatedV1>
  | Versioned<'incident.major_declared', typeof incidentMajorDeclaredV1>
  | Versioned<'incident.service_restored', typeof incidentServiceRestoredV1>
  | Versioned<'incident.sla_breached', typeof incidentSlaBreachedV1>;

export function emptyMetrics(incidentId: string): MetricsState {
  return {
    incidentId,
    number: null,
    kind: null,
    priority: null,
    channel: null,
    affectedServices: [],
    category: null,
    supportTier: null,
    team: null,
    major: false,
    majorDeclaredAt: null,
    serviceRestoredAt: null,
    firstResponseBreached: false,
    resolutionBreached: false,
    reportedAt: null,
    failureStartedAt: null,
    acknowledgedAt: null,
    resolvedAt: null,
    resolutionVersion: 0,
    status: null,
    lastAggregateVersion: 0,
    priorityVersion: 0,
    ownershipVersion: 0,
    lastEventAt: null,
  };
}

/**
 * The merge rule: state + event -> new state. Order-tolerant and idempotent, so events may arrive late,
 * twice, or out of order and the result is the same: facts of the report are simply set; status,
 * priority and ownership each come from the highest aggregate version that carried them;
 * acknowledgement is the earliest time seen; resolution and restoration follow the highest-versioned
 * event that moved them; being major and SLA breaches, once known, stay known.
 */
export function applyIncidentEvent(state: MetricsState, event: IncidentEvent): MetricsState {
  const next: MetricsState = { ...state };
  if (!state.lastEventAt || event.occurredAt.getTime() > state.lastEventAt.getTime()) {
    next.lastEventAt = event.occurredAt;
  }
  switch (event.type) {
    case 'incident.created': {
      const { data } = event;
      setStatus(next, event.version, data.status);
      setPriority(next, event.version, data.priority);
      setOwnership(next, event.version, data.supportTier ?? 'L1', null);
      next.number = data.number;
      next.kind = data.kind;
      next.channel = data.channel;
      next.category = data.category;
      next.affectedServices = [...data.affectedServices];
      next.reportedAt = new Date(data.reportedAt);
      next.failureStartedAt = data.failureStartedAt ? new Date(data.failureStartedAt) : null;
      return next;
    }
    case 'incident.status_changed': {
      const { data } = event;
      setStatus(next, event.version, data.to);
      setPriority(next, event.version, data.priority);
      if (data.major) next.major = true;
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
    case 'incident.priority_changed':
      setPriority(next, event.version, event.data.to.priority);
      return next;
    case 'incident.assigned':
      setPriority(next, event.version, event.data.priority);
      setOwnership(next, event.version, event.data.to.supportTier, event.data.to.assignmentGroup);
      return next;
    case 'incident.escalated':
      setPriority(next, event.version, event.data.priority);
      setOwnership(next, event.version, event.data.toTier, event.data.assignmentGroup);
      return next;
    case 'incident.major_declared':
      setPriority(next, event.version, event.data.priority);
      next.major = true;
      next.majorDeclaredAt = earliest(state.majorDeclaredAt, new Date(event.data.declaredAt));
      return next;
    case 'incident.service_restored':
      next.serviceRestoredAt = latest(state.serviceRestoredAt, new Date(event.data.restoredAt));
      return next;
    case 'incident.sla_breached':
      setPriority(next, event.version, event.data.priority);
      if (event.data.metric === 'FIRST_RESPONSE') next.firstResponseBreached = true;
      else next.resolutionBreached = true;
      return next;
  }
}

function setStatus(state: MetricsState, version: number, status: IncidentStatus): void {
  if (version <= state.lastAggregateVersion) return;
  state.lastAggregateVersion = version;
  state.status = status;
}

function setPriority(state: MetricsState, version: number, priority: Priority): void {
  if (version <= state.priorityVersion) return;
  state.priorityVersion = version;
  state.priority = priority;
}

/** The created event knows the tier but not the group: it never clears a group a later event set. */
function setOwnership(state: MetricsState, version: number, tier: SupportTier, team: string | null): void {
  if (version <= state.ownershipVersion) return;
  state.ownershipVersion = version;
  state.supportTier = tier;
  state.team = team;
}

/** Any move to a worked or finished state is a response; cancelling (e.g. a duplicate) is not. */
function acknowledges(to: IncidentStatus): boolean {
  return to !== 'NEW' && to !== 'CANCELLED';
}

function earliest(current: Date | null, candidate: Date): Date {
  return current && current.getTime() <= candidate.getTime() ? current : candidate;
}

function latest(current: Date | null, candidate: Date): Date {
  return current && current.getTime() >= candidate.getTime() ? current : candidate;
}

export interface IncidentDurations {
  timeToAcknowledgeSeconds: number | null;
  timeToResolveSeconds: number | null;
  timeToDetectSeconds: number | null;
  downtimeSeconds: number | null;
}

export function durationsOf(state: MetricsState): IncidentDurations {
  return {
    timeToAcknowledgeSeconds: secondsBetween(state.reportedAt, state.acknowledgedAt),
    timeToResolveSeconds: secondsBetween(state.reportedAt, state.resolvedAt),
    timeToDetectSeconds: secondsBetween(state.failureStartedAt, state.reportedAt),
    downtimeSeconds: downtimeSeconds(state),
  };
}

/** From the failure's start (else the report) to the restoration (else the resolution); never negative. */
export function downtimeSeconds(
  state: Pick<MetricsState, 'failureStartedAt' | 'reportedAt' | 'serviceRestoredAt' | 'resolvedAt'>,
): number | null {
  const start = state.failureStartedAt ?? state.reportedAt;
  const end = state.serviceRestoredAt ?? state.resolvedAt;
  return start && end ? Math.max(0, (end.getTime() - start.getTime()) / 1000) : null;
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

/** `downtimeSeconds` over epoch milliseconds (NaN: unknown), for the columnar fact store; NaN when unknown. */
export function downtimeSecondsOf(
  failureStartedAt: number,
  reportedAt: number,
  serviceRestoredAt: number,
  resolvedAt: number,
): number {
  const start = Number.isNaN(failureStartedAt) ? reportedAt : failureStartedAt;
  const end = Number.isNaN(serviceRestoredAt) ? resolvedAt : serviceRestoredAt;
  return Math.max(0, (end - start) / 1000); // NaN stays NaN
}
