import { incidentParticipantAddedV1, incidentParticipantRemovedV1 } from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import type { RequestMeta } from '@mim/service-kit';
import type { Incident } from '../incident/incident.entity';
import type { TimelineEntryInput } from '../timeline/timeline.service';
import { type TeamChange, type TeamMember, roleNames } from './participant.domain';
import { incidentEventEnvelope } from '../incident/incident-events';

type Actor = TimelineEntryInput['actor'];
type Changed = Exclude<TeamChange, { kind: 'unchanged' }>;

/** The timeline entry of a person joining the team or changing role (INTERNAL, like the roster). */
export function participantAddedEntry(change: Changed, actor: Actor, at: Date): TimelineEntryInput {
  const { participant } = change;
  return {
    kind: 'participant_added',
    actor,
    occurredAt: at,
    visibility: 'INTERNAL',
    summary: (change.kind === 'added'
      ? `${participant.name} joined the team as ${roleNames[participant.role]}`
      : `${participant.name} is now ${roleNames[participant.role]} (was ${roleNames[change.previousRole]})`
    ).slice(0, 1_000),
    detail: {
      userId: participant.userId,
      name: participant.name,
      role: participant.role,
      previousRole: change.kind === 'role_changed' ? change.previousRole : null,
    },
  };
}

export function participantRemovedEntry(participant: TeamMember, actor: Actor, at: Date): TimelineEntryInput {
  return {
    kind: 'participant_removed',
    actor,
    occurredAt: at,
    visibility: 'INTERNAL',
    summary: `${participant.name} left the team (${roleNames[participant.role]})`.slice(0, 1_000),
    detail: { userId: participant.userId, name: participant.name, role: participant.role },
  };
}

function envelope(incident: Incident, meta: RequestMeta, at: Date) {
  return {
    // The team is not part of the incident's versioned state: its version stays as it is.
    ...incidentEventEnvelope(incident, meta, at),
  };
}

export function participantAddedEvent(
  incident: Incident,
  participant: TeamMember,
  meta: RequestMeta,
  at: Date,
) {
  return newEvent(incidentParticipantAddedV1, {
    ...envelope(incident, meta, at),
    data: {
      incidentId: incident.id,
      userId: participant.userId,
      name: participant.name,
      role: participant.role,
    },
  });
}

export function participantRemovedEvent(
  incident: Incident,
  participant: TeamMember,
  meta: RequestMeta,
  at: Date,
) {
  return newEvent(incidentParticipantRemovedV1, {
    ...envelope(incident, meta, at),
    data: { incidentId: incident.id, userId: participant.userId, role: participant.role },
  });
}
