import type {
  Actor,
  Envelope,
  EventData,
  changeRequestedV1,
  changeStatusChangedV1,
  problemCreatedV1,
  problemStatusChangedV1,
} from '@mim/contracts';
import type { TimelineEntryInput } from './timeline.service';

/**
 * The timeline entries of problem and change records linked to incidents, from their services' events
 * (consumers/). Pure: one entry per event, appended to each linked incident. INTERNAL (the default of
 * these kinds): problem and change records are staff matters.
 */

/** The entry's actor: the event's user, or its system component (`system:<id>`). */
export function actorOfEvent(actor: Actor): TimelineEntryInput['actor'] {
  return actor.kind === 'system'
    ? { id: `system:${actor.id}`, name: actor.id }
    : { id: actor.id, name: actor.id };
}

/** `ROOT_CAUSE_IDENTIFIED` -> `root cause identified`. */
export function statusWords(status: string): string {
  return status.toLowerCase().replace(/_/g, ' ');
}

const line = (text: string) => text.slice(0, 1_000);

export function problemOpenedEntry(event: Envelope<EventData<typeof problemCreatedV1>>): TimelineEntryInput {
  const { data } = event;
  return {
    kind: 'problem_opened',
    source: 'problem',
    actor: actorOfEvent(event.actor),
    occurredAt: new Date(event.occurredAt),
    summary: line(`Problem ${data.number} opened (${data.priority}): ${data.title}`),
    detail: { problemId: data.problemId, number: data.number, title: data.title, priority: data.priority },
  };
}

export function problemStatusChangedEntry(
  event: Envelope<EventData<typeof problemStatusChangedV1>>,
): TimelineEntryInput {
  const { data } = event;
  return {
    kind: 'problem_status_changed',
    source: 'problem',
    actor: actorOfEvent(event.actor),
    occurredAt: new Date(data.changedAt),
    summary: line(`Problem ${data.number}: ${statusWords(data.to)}`),
    detail: { problemId: data.problemId, number: data.number, from: data.from, to: data.to },
  };
}

export function changeRequestedEntry(
  event: Envelope<EventData<typeof changeRequestedV1>>,
): TimelineEntryInput {
  const { data } = event;
  return {
    kind: 'change_requested',
    source: 'change',
    actor: actorOfEvent(event.actor),
    occurredAt: new Date(event.occurredAt),
    summary: line(`Change ${data.number} requested (${statusWords(data.type)}) to fix it: ${data.title}`),
    detail: { changeId: data.changeId, number: data.number, title: data.title, type: data.type },
  };
}

export function changeStatusChangedEntry(
  event: Envelope<EventData<typeof changeStatusChangedV1>>,
): TimelineEntryInput {
  const { data } = event;
  return {
    kind: 'change_status_changed',
    source: 'change',
    actor: actorOfEvent(event.actor),
    occurredAt: new Date(data.changedAt),
    summary: line(`Change ${data.number}: ${statusWords(data.to)}`),
    detail: { changeId: data.changeId, number: data.number, from: data.from, to: data.to },
  };
}
