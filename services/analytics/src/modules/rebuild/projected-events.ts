import {
  type Envelope,
  type EventData,
  type EventDefinition,
  incidentAssignedV1,
  incidentCreatedV1,
  incidentEscalatedV1,
  incidentMajorDeclaredV1,
  incidentPriorityChangedV1,
  incidentServiceRestoredV1,
  incidentSlaBreachedV1,
  incidentStatusChangedV1,
} from '@mim/contracts';
import { parseDelivery } from '@mim/messaging';
import type { IncidentEvent } from '../metrics/metrics.domain';

/** One stored message, read back for the projection. */
export type HistoryEntry =
  | { kind: 'event'; incidentId: string; event: IncidentEvent }
  /** A subject the projection does not use (comments, timeline entries...): the live path has no consumer either. */
  | { kind: 'ignored' }
  /** Breaks its contract: the live consumers dead-letter it, so the rebuild leaves it out too. */
  | { kind: 'invalid'; reason: string };

type Reader = (payload: Uint8Array) => HistoryEntry;

/**
 * Validates a payload with the event's contract, exactly as the live consumers do (`parseDelivery`), then
 * turns it into the merge rule's input with the same fields the consumers in `src/consumers/` pass.
 */
function reader<TDef extends EventDefinition>(
  definition: TDef,
  toEvent: (envelope: Envelope<EventData<TDef>>) => IncidentEvent,
): Reader {
  return (payload) => {
    const parsed = parseDelivery(definition, payload);
    if (!parsed.ok) return { kind: 'invalid', reason: parsed.reason };
    const event = toEvent(parsed.event);
    return { kind: 'event', incidentId: event.data.incidentId, event };
  };
}

const common = (envelope: Envelope) => ({
  version: envelope.aggregate.version,
  occurredAt: new Date(envelope.occurredAt),
});

/** The eight subjects the projection is fed by, keyed by their subject relative to the prefix. */
const readers: Record<string, Reader> = {
  [incidentCreatedV1.subject]: reader(incidentCreatedV1, (e) => ({
    type: 'incident.created',
    ...common(e),
    data: e.data,
  })),
  [incidentStatusChangedV1.subject]: reader(incidentStatusChangedV1, (e) => ({
    type: 'incident.status_changed',
    ...common(e),
    data: e.data,
  })),
  [incidentPriorityChangedV1.subject]: reader(incidentPriorityChangedV1, (e) => ({
    type: 'incident.priority_changed',
    ...common(e),
    data: e.data,
  })),
  [incidentAssignedV1.subject]: reader(incidentAssignedV1, (e) => ({
    type: 'incident.assigned',
    ...common(e),
    data: e.data,
  })),
  [incidentEscalatedV1.subject]: reader(incidentEscalatedV1, (e) => ({
    type: 'incident.escalated',
    ...common(e),
    data: e.data,
  })),
  [incidentMajorDeclaredV1.subject]: reader(incidentMajorDeclaredV1, (e) => ({
    type: 'incident.major_declared',
    ...common(e),
    data: e.data,
  })),
  [incidentServiceRestoredV1.subject]: reader(incidentServiceRestoredV1, (e) => ({
    type: 'incident.service_restored',
    ...common(e),
    data: e.data,
  })),
  [incidentSlaBreachedV1.subject]: reader(incidentSlaBreachedV1, (e) => ({
    type: 'incident.sla_breached',
    ...common(e),
    data: e.data,
  })),
};

/** Reads one stored message of `<prefix>.incident.>` given its subject relative to the prefix. */
export function readHistoryEntry(relativeSubject: string, payload: Uint8Array): HistoryEntry {
  const read = readers[relativeSubject];
  return read ? read(payload) : { kind: 'ignored' };
}
