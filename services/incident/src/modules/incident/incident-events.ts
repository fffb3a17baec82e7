import {
  type Person,
  incidentAssignedV1,
  incidentCreatedV1,
  incidentEscalatedV1,
  incidentPriorityChangedV1,
  incidentStatusChangedV1,
} from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import { type RequestMeta, eventActor } from '@mim/service-kit';
import type { Classification } from './classification.domain';
import type { StatusChange } from './incident.domain';
import type { Incident } from './incident.entity';
import type { Ownership } from './ownership.domain';

/** The envelope fields of every event about an incident: its id and version, who, why (correlation), when. */
export function incidentEventEnvelope(incident: Incident, meta: RequestMeta, at: Date) {
  return {
    aggregateId: incident.id,
    aggregateVersion: incident.version,
    actor: eventActor(meta.caller),
    correlationId: meta.correlationId,
    occurredAt: at,
  };
}

export function createdEvent(incident: Incident, meta: RequestMeta, at: Date) {
  return newEvent(incidentCreatedV1, {
    ...incidentEventEnvelope(incident, meta, at),
    data: {
      incidentId: incident.id,
      number: incident.number,
      title: incident.title,
      kind: incident.kind,
      channel: incident.channel,
      impact: incident.impact,
      urgency: incident.urgency,
      priority: incident.priority,
      status: incident.status,
      reporter: { id: incident.reporterId, name: incident.reporterName, email: incident.reporterEmail },
      affectedServices: incident.affectedServices,
      category: incident.category,
      reportedAt: incident.reportedAt.toISOString(),
      failureStartedAt: incident.failureStartedAt?.toISOString() ?? null,
      subcategory: incident.subcategory,
      configurationItems: incident.configurationItems,
      supportTier: incident.supportTier,
    },
  });
}

/** Emitted for every transition, whatever the intent, so status consumers see them all. */
export function statusChangedEvent(incident: Incident, change: StatusChange, meta: RequestMeta, at: Date) {
  return newEvent(incidentStatusChangedV1, {
    ...incidentEventEnvelope(incident, meta, at),
    data: {
      incidentId: incident.id,
      number: incident.number,
      from: change.from,
      to: change.to,
      priority: incident.priority,
      reporterId: incident.reporterId,
      reason: change.reason,
      changedAt: at.toISOString(),
      major: incident.isMajor,
    },
  });
}

export function priorityChangedEvent(
  incident: Incident,
  change: { from: Classification; to: Classification; reason: string },
  meta: RequestMeta,
  at: Date,
) {
  return newEvent(incidentPriorityChangedV1, {
    ...incidentEventEnvelope(incident, meta, at),
    data: {
      incidentId: incident.id,
      number: incident.number,
      from: change.from,
      to: change.to,
      reason: change.reason,
      reporterId: incident.reporterId,
      changedAt: at.toISOString(),
    },
  });
}

export function assignedEvent(
  incident: Incident,
  change: { from: Ownership; to: Ownership },
  meta: RequestMeta,
  at: Date,
) {
  return newEvent(incidentAssignedV1, {
    ...incidentEventEnvelope(incident, meta, at),
    data: {
      incidentId: incident.id,
      number: incident.number,
      from: change.from,
      to: change.to,
      priority: incident.priority,
      assignedAt: at.toISOString(),
    },
  });
}

export function escalatedEvent(
  incident: Incident,
  change: {
    kind: 'FUNCTIONAL' | 'HIERARCHICAL';
    from: Ownership;
    to: Ownership;
    manager: Person | null;
    reason: string;
  },
  meta: RequestMeta,
  at: Date,
) {
  return newEvent(incidentEscalatedV1, {
    ...incidentEventEnvelope(incident, meta, at),
    data: {
      incidentId: incident.id,
      number: incident.number,
      kind: change.kind,
      fromTier: change.from.supportTier,
      toTier: change.to.supportTier,
      assignmentGroup: change.to.assignmentGroup,
      assignee: change.to.assignee,
      manager: change.manager,
      reason: change.reason,
      priority: incident.priority,
      escalatedAt: at.toISOString(),
    },
  });
}
