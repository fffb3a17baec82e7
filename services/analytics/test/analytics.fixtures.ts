import {
  type EventData,
  type IncidentStatus,
  type incidentCreatedV1,
  incidentStatusChangedV1,
} from '@mim/contracts';
import { newEvent } from '@mim/messaging';

/** An incident.created.v1 envelope, as the tests build them. */
export interface CreatedIncident {
  correlationId: string;
  data: EventData<typeof incidentCreatedV1>;
}

/** incident.status_changed.v1 of an incident, `afterSeconds` after its report. */
export function statusChanged(
  incident: CreatedIncident,
  version: number,
  from: IncidentStatus,
  to: IncidentStatus,
  afterSeconds: number,
) {
  const at = new Date(Date.parse(incident.data.reportedAt) + afterSeconds * 1000);
  return newEvent(incidentStatusChangedV1, {
    aggregateId: incident.data.incidentId,
    aggregateVersion: version,
    actor: { kind: 'user', id: 'tech-1' },
    correlationId: incident.correlationId,
    occurredAt: at,
    data: {
      incidentId: incident.data.incidentId,
      number: incident.data.number,
      from,
      to,
      priority: incident.data.priority,
      reporterId: incident.data.reporter.id,
      reason: null,
      changedAt: at.toISOString(),
    },
  });
}
