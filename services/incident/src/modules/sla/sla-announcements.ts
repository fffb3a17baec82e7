import { incidentSlaAtRiskV1, incidentSlaBreachedV1 } from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import type { Incident } from '../incident/incident.entity';
import type { TimelineEntryInput } from '../timeline/timeline.service';
import type { SlaAnnouncement } from './sla.record';

/** Who announces: the incident service's SLA monitor (the timeline's actor, the events' system actor). */
export const slaActor = { id: 'system:sla', name: 'SLA monitor' } as const;

const metricNames = { FIRST_RESPONSE: 'First response', RESOLUTION: 'Resolution' } as const;

/** When the target falls due; a breached or running clock always has one (only a hold hides it). */
function dueAtOf(announcement: SlaAnnouncement, detectedAt: Date): Date {
  return announcement.clock.dueAt ?? detectedAt;
}

/** `incident.sla_at_risk.v1` or `incident.sla_breached.v1`, for the outbox. */
export function slaEvent(
  incident: Readonly<Incident>,
  announcement: SlaAnnouncement,
  detectedAt: Date,
  correlationId: string,
) {
  const input = {
    aggregateId: incident.id,
    aggregateVersion: incident.version,
    actor: { kind: 'system' as const, id: 'sla' },
    correlationId,
    occurredAt: detectedAt,
    data: {
      incidentId: incident.id,
      number: incident.number,
      priority: incident.priority,
      metric: announcement.metric,
      dueAt: dueAtOf(announcement, detectedAt).toISOString(),
      detectedAt: detectedAt.toISOString(),
      assignmentGroup: incident.assignmentGroup,
      assignee:
        incident.assigneeId !== null
          ? { id: incident.assigneeId, name: incident.assigneeName ?? incident.assigneeId }
          : null,
    },
  };
  return announcement.status === 'BREACHED'
    ? newEvent(incidentSlaBreachedV1, input)
    : newEvent(incidentSlaAtRiskV1, input);
}

/** The internal timeline entry of an announcement (kinds `sla_at_risk`, `sla_breached`). */
export function slaTimelineEntry(
  incident: Readonly<Incident>,
  announcement: SlaAnnouncement,
  detectedAt: Date,
): TimelineEntryInput {
  const { clock, metric, status } = announcement;
  const dueAt = dueAtOf(announcement, detectedAt);
  const what = `${metricNames[metric]} target (${formatMs(clock.targetMs)}, ${incident.priority})`;
  const summary =
    status === 'BREACHED'
      ? clock.completedAt
        ? `${what} missed: due ${dueAt.toISOString()}, met ${formatMs(-clock.remainingMs)} late`
        : `${what} breached: due ${dueAt.toISOString()}`
      : `${what} at risk: ${formatMs(clock.remainingMs)} left, due ${dueAt.toISOString()}`;
  return {
    kind: status === 'BREACHED' ? 'sla_breached' : 'sla_at_risk',
    actor: slaActor,
    occurredAt: detectedAt,
    summary,
    detail: {
      metric,
      status,
      priority: incident.priority,
      dueAt: dueAt.toISOString(),
      targetMs: clock.targetMs,
      remainingMs: clock.remainingMs,
      completedAt: clock.completedAt?.toISOString() ?? null,
    },
  };
}

/** `4 h`, `15 min`, `1 h 30 min`, `2 s`: the largest units, seconds only under a minute. */
export function formatMs(ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const totalMinutes = Math.round(totalSeconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}
