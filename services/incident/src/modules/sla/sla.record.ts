import { z } from 'zod';
import type { SlaClockEvaluation, SlaEvaluation, SlaMetric, SlaState } from './sla.domain';

/**
 * What the incident row stores of its SLA (`incident.sla`, jsonb): the clock state of sla.domain.ts, when
 * the clocks were stopped without a verdict (the incident was cancelled), and what has been announced,
 * so a status is announced (timeline entry + event) at most once per clock.
 */
export interface SlaRecord {
  state: SlaState;
  /** Set when the incident is cancelled: the clocks stand still from then on, nothing more is announced. */
  stoppedAt: Date | null;
  /** The worst status announced per clock; BREACHED is never announced twice, AT_RISK at most once. */
  announced: Record<SlaMetric, AnnouncedStatus | null>;
}

export type AnnouncedStatus = 'AT_RISK' | 'BREACHED';

/** The status of an incident's SLA as a whole: the worse clock, or PAUSED while on hold and not breached. */
export const incidentSlaStatuses = ['ON_TRACK', 'AT_RISK', 'BREACHED', 'MET', 'PAUSED'] as const;
export type IncidentSlaStatus = (typeof incidentSlaStatuses)[number];
export const incidentSlaStatusSchema = z.enum(incidentSlaStatuses);

export const slaMetrics: readonly SlaMetric[] = ['FIRST_RESPONSE', 'RESOLUTION'];

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const announcedSchema = z.enum(['AT_RISK', 'BREACHED']).nullable().default(null);

/** The stored JSON: instants as ISO strings, flat so it reads well in SQL (`sla->>'acknowledgedAt'`). */
const storedRecord = z.object({
  reportedAt: instant,
  firstResponseTargetMs: z.number().int().nonnegative(),
  resolutionTargetMs: z.number().int().nonnegative(),
  acknowledgedAt: instant.nullable(),
  resolvedAt: instant.nullable(),
  holds: z.array(z.object({ start: instant, end: instant.nullable() })),
  stoppedAt: instant.nullable().default(null),
  announced: z
    .object({ FIRST_RESPONSE: announcedSchema, RESOLUTION: announcedSchema })
    .default({ FIRST_RESPONSE: null, RESOLUTION: null }),
});

export function parseSlaRecord(json: unknown): SlaRecord {
  const { stoppedAt, announced, ...state } = storedRecord.parse(json);
  return { state, stoppedAt, announced };
}

export function serializeSlaRecord(record: SlaRecord): Record<string, unknown> {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  const { state } = record;
  return {
    reportedAt: state.reportedAt.toISOString(),
    firstResponseTargetMs: state.firstResponseTargetMs,
    resolutionTargetMs: state.resolutionTargetMs,
    acknowledgedAt: iso(state.acknowledgedAt),
    resolvedAt: iso(state.resolvedAt),
    holds: state.holds.map((hold) => ({ start: hold.start.toISOString(), end: iso(hold.end) })),
    stoppedAt: iso(record.stoppedAt),
    announced: record.announced,
  };
}

/** The instant a record is judged at: now, or when its clocks were stopped. */
export function judgedAt(record: SlaRecord, now: Date): Date {
  return record.stoppedAt && record.stoppedAt < now ? record.stoppedAt : now;
}

export function overallSlaStatus(evaluation: SlaEvaluation): IncidentSlaStatus {
  if (evaluation.status === 'BREACHED') return 'BREACHED';
  if (evaluation.resolution.paused) return 'PAUSED';
  return evaluation.status;
}

/**
 * The columns derived from the record for filtering (see the migration): the status when written, and
 * the instants at which running clocks will turn AT_RISK and BREACHED by themselves. A stopped, paused
 * or cancelled clock has none: its status cannot change with time.
 */
export interface SlaColumns {
  status: IncidentSlaStatus;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  atRiskAt: Date | null;
}

export function slaColumns(record: SlaRecord, evaluation: SlaEvaluation): SlaColumns {
  const running = (clock: SlaClockEvaluation) =>
    record.stoppedAt === null && clock.completedAt === null && !clock.paused;
  const atRisk = [evaluation.firstResponse, evaluation.resolution]
    .filter(running)
    .map((clock) => clock.atRiskAt)
    .filter((at): at is Date => at !== null);
  return {
    status: overallSlaStatus(evaluation),
    firstResponseDueAt: running(evaluation.firstResponse) ? evaluation.firstResponse.dueAt : null,
    resolutionDueAt: running(evaluation.resolution) ? evaluation.resolution.dueAt : null,
    atRiskAt: atRisk.length === 0 ? null : new Date(Math.min(...atRisk.map((at) => at.getTime()))),
  };
}

/** A status worth telling people about: a clock turned AT_RISK, or its target was missed. */
export interface SlaAnnouncement {
  metric: SlaMetric;
  status: AnnouncedStatus;
  clock: SlaClockEvaluation;
}

/**
 * What to announce now, and the record's `announced` after it. A breach is announced once per clock,
 * whenever it is noticed (a timer, or a late acknowledgement or resolution that beat the timer); AT_RISK
 * only for a clock still running and not already announced (a clock that goes straight to breached skips
 * it). Nothing is announced for a cancelled incident.
 */
export function slaAnnouncements(
  record: SlaRecord,
  evaluation: SlaEvaluation,
): { announced: SlaRecord['announced']; announcements: SlaAnnouncement[] } {
  const announced = { ...record.announced };
  const announcements: SlaAnnouncement[] = [];
  if (record.stoppedAt) return { announced, announcements };
  for (const clock of [evaluation.firstResponse, evaluation.resolution]) {
    const before = announced[clock.metric];
    if (clock.status === 'BREACHED' && before !== 'BREACHED') {
      announcements.push({ metric: clock.metric, status: 'BREACHED', clock });
      announced[clock.metric] = 'BREACHED';
    } else if (clock.status === 'AT_RISK' && before === null && !clock.completedAt && !clock.paused) {
      announcements.push({ metric: clock.metric, status: 'AT_RISK', clock });
      announced[clock.metric] = 'AT_RISK';
    }
  }
  return { announced, announcements };
}
