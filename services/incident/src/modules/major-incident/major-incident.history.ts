import { incidentMajorDeclaredV1, incidentServiceRestoredV1 } from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import type { RequestMeta } from '@mim/service-kit';
import type { Incident } from '../incident/incident.entity';
import type { TimelineEntryInput } from '../timeline/timeline.service';
import { incidentEventEnvelope } from '../incident/incident-events';

/** The PUBLIC timeline entry of a declaration: the reporter learns their incident is handled as major. */
export function majorDeclaredEntry(
  incident: Pick<Incident, 'priority' | 'impactStatement'>,
  actor: TimelineEntryInput['actor'],
  at: Date,
): TimelineEntryInput {
  return {
    kind: 'major_declared',
    actor,
    occurredAt: at,
    visibility: 'PUBLIC',
    summary: `Declared a major incident: ${incident.impactStatement ?? ''}`.slice(0, 1_000),
    detail: { impactStatement: incident.impactStatement, priority: incident.priority },
  };
}

/** `incident.major_declared.v1`, built from the incident after the declaration (its new version). */
export function majorDeclaredEvent(incident: Incident, meta: RequestMeta, at: Date) {
  return newEvent(incidentMajorDeclaredV1, {
    ...incidentEventEnvelope(incident, meta, at),
    data: {
      incidentId: incident.id,
      number: incident.number,
      priority: incident.priority,
      impactStatement: incident.impactStatement ?? '',
      declaredAt: (incident.majorDeclaredAt ?? at).toISOString(),
    },
  });
}

/** The PUBLIC timeline entry of a restoration: the reporter learns service is back. */
export function serviceRestoredEntry(
  note: string,
  actor: TimelineEntryInput['actor'],
  at: Date,
): TimelineEntryInput {
  return {
    kind: 'service_restored',
    actor,
    occurredAt: at,
    visibility: 'PUBLIC',
    summary: `Service restored: ${note}`.slice(0, 1_000),
    detail: { note },
  };
}

/** `incident.service_restored.v1`, built from the incident after the restoration (its new version). */
export function serviceRestoredEvent(incident: Incident, note: string, meta: RequestMeta, at: Date) {
  return newEvent(incidentServiceRestoredV1, {
    ...incidentEventEnvelope(incident, meta, at),
    data: {
      incidentId: incident.id,
      number: incident.number,
      restoredAt: (incident.serviceRestoredAt ?? at).toISOString(),
      note,
    },
  });
}
