import { type Actor, incidentTimelineEntryRecordedV1 } from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import type { TimelineEntry } from './timeline-entry.entity';

/** The envelope's actor of an entry: `system:<component>` ids are system actors, anything else a user. */
export function entryActor(actorId: string): Actor {
  const component = actorId.startsWith('system:') ? actorId.slice('system:'.length) : '';
  return component ? { kind: 'system', id: component } : { kind: 'user', id: actorId };
}

/**
 * `incident.timeline_entry_recorded.v1` for one appended entry: where it sits (position) and what it
 * is, not what it says; subscribers read the entry through GraphQL, which applies its visibility.
 */
export function timelineEntryRecordedEvent(
  entry: TimelineEntry,
  incidentVersion: number,
  correlationId: string,
  recordedAt: Date,
) {
  return newEvent(incidentTimelineEntryRecordedV1, {
    aggregateId: entry.incidentId,
    aggregateVersion: incidentVersion,
    actor: entryActor(entry.actorId),
    correlationId,
    occurredAt: recordedAt,
    data: {
      incidentId: entry.incidentId,
      entryId: entry.id,
      position: entry.position,
      kind: entry.kind,
      source: entry.source,
      visibility: entry.visibility,
      occurredAt: entry.occurredAt.toISOString(),
    },
  });
}
