import { incidentRoomsSetV1 } from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import type { RequestMeta } from '@mim/service-kit';
import type { Incident } from '../incident/incident.entity';
import type { TimelineEntryInput } from '../timeline/timeline.service';
import type { Rooms } from './war-room.domain';
import { incidentEventEnvelope } from '../incident/incident-events';

/** INTERNAL: the bridge and the war room are the team's (a public bridge invites strangers). */
export function roomsSetEntry(
  rooms: Rooms,
  actor: TimelineEntryInput['actor'],
  at: Date,
): TimelineEntryInput {
  const parts = [
    rooms.bridgeUrl ? `bridge ${rooms.bridgeUrl}` : null,
    rooms.bridgeDialIn ? `dial-in ${rooms.bridgeDialIn}` : null,
    rooms.warRoom ? `war room ${rooms.warRoom}` : null,
  ].filter((part) => part !== null);
  return {
    kind: 'rooms_set',
    actor,
    occurredAt: at,
    visibility: 'INTERNAL',
    summary: `Rooms set: ${parts.join('; ')}`.slice(0, 1_000),
    detail: { ...rooms },
  };
}

export function roomsSetEvent(incident: Incident, rooms: Rooms, meta: RequestMeta, at: Date) {
  return newEvent(incidentRoomsSetV1, {
    // The rooms are not part of the incident's versioned state: its version stays as it is.
    ...incidentEventEnvelope(incident, meta, at),
    data: { incidentId: incident.id, ...rooms },
  });
}
