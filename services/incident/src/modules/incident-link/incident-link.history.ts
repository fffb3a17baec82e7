import { incidentChildUnlinkedV1, incidentChildrenLinkedV1 } from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import { type RequestMeta, eventActor } from '@mim/service-kit';
import type { Incident } from '../incident/incident.entity';
import type { TimelineEntryInput } from '../timeline/timeline.service';

type Actor = TimelineEntryInput['actor'];
type Numbered = Pick<Incident, 'id' | 'number'>;

const line = (text: string) => (text.length <= 1_000 ? text : `${text.slice(0, 999)}…`);

/** On the parent (INTERNAL, staff work): which incidents were linked to it. */
export function childrenLinkedEntry(
  children: readonly Numbered[],
  actor: Actor,
  at: Date,
): TimelineEntryInput {
  return {
    kind: 'children_linked',
    actor,
    occurredAt: at,
    visibility: 'INTERNAL',
    summary: line(`Linked ${children.map((child) => child.number).join(', ')} as related incidents`),
    detail: { children: children.map((child) => ({ id: child.id, number: child.number })) },
  };
}

/** On each child (PUBLIC): its reporter learns it is handled, and resolved, with the major incident. */
export function linkedToMajorEntry(parent: Numbered, actor: Actor, at: Date): TimelineEntryInput {
  return {
    kind: 'linked_to_major',
    actor,
    occurredAt: at,
    visibility: 'PUBLIC',
    summary: `Part of major incident ${parent.number}: it is resolved with it`,
    detail: { majorIncidentId: parent.id, majorIncidentNumber: parent.number },
  };
}

export function childUnlinkedEntry(child: Numbered, actor: Actor, at: Date): TimelineEntryInput {
  return {
    kind: 'child_unlinked',
    actor,
    occurredAt: at,
    visibility: 'INTERNAL',
    summary: `Unlinked ${child.number}: no longer resolved with this major incident`,
    detail: { childId: child.id, childNumber: child.number },
  };
}

export function unlinkedFromMajorEntry(parent: Numbered, actor: Actor, at: Date): TimelineEntryInput {
  return {
    kind: 'unlinked_from_major',
    actor,
    occurredAt: at,
    visibility: 'PUBLIC',
    summary: `No longer part of major incident ${parent.number}`,
    detail: { majorIncidentId: parent.id, majorIncidentNumber: parent.number },
  };
}

function envelope(parent: Incident, meta: RequestMeta, at: Date) {
  return {
    aggregateId: parent.id,
    // Links are not part of the incident's versioned state: its version stays as it is.
    aggregateVersion: parent.version,
    actor: eventActor(meta.caller),
    correlationId: meta.correlationId,
    occurredAt: at,
  };
}

export function childrenLinkedEvent(
  parent: Incident,
  childIds: readonly string[],
  meta: RequestMeta,
  at: Date,
) {
  return newEvent(incidentChildrenLinkedV1, {
    ...envelope(parent, meta, at),
    data: { majorIncidentId: parent.id, childIds: [...childIds] },
  });
}

export function childUnlinkedEvent(parent: Incident, childId: string, meta: RequestMeta, at: Date) {
  return newEvent(incidentChildUnlinkedV1, {
    ...envelope(parent, meta, at),
    data: { majorIncidentId: parent.id, childId },
  });
}
