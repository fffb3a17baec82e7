import type {
  Actor,
  ChangeStatus,
  Envelope,
  EventData,
  EventDefinition,
  changeApprovalRecordedV1,
  changeRequestedV1,
  changeReviewedV1,
  changeStatusChangedV1,
  problemCreatedV1,
  problemIncidentsLinkedV1,
  problemKnownErrorPublishedV1,
  problemMergedV1,
  problemRootCauseIdentifiedV1,
  problemStatusChangedV1,
} from '@mim/contracts';
import { fixingChangeStatusVisibility } from './timeline.domain';
import type { TimelineEntryInput } from './timeline.service';

/**
 * The timeline entries of problem and change records linked to incidents, from their services' events
 * (consumers/). Pure: one entry per event, appended to each linked incident. INTERNAL (the default of
 * these kinds), except a fixing change implemented (timeline.domain.ts).
 */
export const linkedRecordKinds = [
  'problem_opened',
  'problem_status_changed',
  'problem_root_cause_identified',
  'problem_known_error_published',
  'problem_linked',
  'problem_merged',
  'change_requested',
  'change_status_changed',
  'change_approval_recorded',
  'change_reviewed',
] as const;

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

/**
 * Text of another service cut to `max` characters (an ellipsis marks the cut), without NUL, which
 * PostgreSQL refuses: an event must never fail its consumer for the length or bytes of a text.
 */
export function clip(text: string, max: number): string {
  const clean = text.replaceAll('\u0000', '');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

const line = (text: string) => clip(text, 1_000);

/** Limits of the texts carried in `detail` (its JSON must stay under 16 KiB). */
const detailText = { title: 500, statement: 4_000 } as const;

/** How many characters of a root cause statement the one-line summary shows. */
export const rootCauseSummaryLength = 200;

/** The envelope of a contract's event. */
type Of<TDef extends EventDefinition> = Envelope<EventData<TDef>>;

export function problemOpenedEntry(event: Of<typeof problemCreatedV1>): TimelineEntryInput {
  const { data } = event;
  return {
    kind: 'problem_opened',
    source: 'problem',
    actor: actorOfEvent(event.actor),
    occurredAt: new Date(event.occurredAt),
    summary: line(`Problem ${data.number} opened (${data.priority}): ${data.title}`),
    detail: {
      problemId: data.problemId,
      number: data.number,
      title: clip(data.title, detailText.title),
      priority: data.priority,
    },
  };
}

export function problemStatusChangedEntry(event: Of<typeof problemStatusChangedV1>): TimelineEntryInput {
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

export function problemRootCauseIdentifiedEntry(
  event: Of<typeof problemRootCauseIdentifiedV1>,
): TimelineEntryInput {
  const { data } = event;
  const statement = clip(data.rootCause.replace(/\s+/g, ' ').trim(), rootCauseSummaryLength);
  return {
    kind: 'problem_root_cause_identified',
    source: 'problem',
    actor: actorOfEvent(event.actor),
    occurredAt: new Date(event.occurredAt),
    summary: line(
      `Problem ${data.number}: root cause identified (${statusWords(data.method)}): ${statement}`,
    ),
    detail: {
      problemId: data.problemId,
      number: data.number,
      method: data.method,
      rootCause: clip(data.rootCause, detailText.statement),
    },
  };
}

export function problemKnownErrorPublishedEntry(
  event: Of<typeof problemKnownErrorPublishedV1>,
): TimelineEntryInput {
  const { data } = event;
  return {
    kind: 'problem_known_error_published',
    source: 'problem',
    actor: actorOfEvent(event.actor),
    occurredAt: new Date(event.occurredAt),
    summary: line(`Known error for ${data.number}: ${clip(data.title, 300)}; workaround available`),
    detail: {
      problemId: data.problemId,
      number: data.number,
      knownErrorId: data.knownErrorId,
      title: clip(data.title, detailText.title),
      workaround: clip(data.workaround, detailText.statement),
    },
  };
}

/** On each incident newly linked to an existing problem (by hand, or by a merge). */
export function problemLinkedEntry(event: Of<typeof problemIncidentsLinkedV1>): TimelineEntryInput {
  const { data } = event;
  return {
    kind: 'problem_linked',
    source: 'problem',
    actor: actorOfEvent(event.actor),
    occurredAt: new Date(event.occurredAt),
    summary: line(`Linked to problem ${data.number}`),
    detail: { problemId: data.problemId, number: data.number },
  };
}

/** On every incident of the surviving problem. */
export function problemMergedEntry(event: Of<typeof problemMergedV1>): TimelineEntryInput {
  const { data } = event;
  return {
    kind: 'problem_merged',
    source: 'problem',
    actor: actorOfEvent(event.actor),
    occurredAt: new Date(event.occurredAt),
    summary: line(`${data.mergedNumber} merged into ${data.number}`),
    detail: {
      problemId: data.problemId,
      number: data.number,
      mergedProblemId: data.mergedProblemId,
      mergedNumber: data.mergedNumber,
    },
  };
}

export function changeRequestedEntry(event: Of<typeof changeRequestedV1>): TimelineEntryInput {
  const { data } = event;
  return {
    kind: 'change_requested',
    source: 'change',
    actor: actorOfEvent(event.actor),
    occurredAt: new Date(event.occurredAt),
    summary: line(`Change ${data.number} requested (${statusWords(data.type)}) to fix it: ${data.title}`),
    detail: {
      changeId: data.changeId,
      number: data.number,
      title: clip(data.title, detailText.title),
      type: data.type,
    },
  };
}

/** Each move of a change in words: "Change CHG-000031 approved", "... implementation started". */
const changeMoves: Record<ChangeStatus, string> = {
  DRAFT: 'back to draft',
  SUBMITTED: 'submitted',
  ASSESSED: 'assessed',
  APPROVED: 'approved',
  REJECTED: 'rejected',
  SCHEDULED: 'scheduled',
  IMPLEMENTING: 'implementation started',
  IMPLEMENTED: 'implemented',
  FAILED: 'failed',
  ROLLED_BACK: 'rolled back',
  REVIEWED: 'reviewed',
  CLOSED: 'closed',
};

/** Every incident it goes to is one the change fixes, so "implemented" is PUBLIC (timeline.domain.ts). */
export function changeStatusChangedEntry(event: Of<typeof changeStatusChangedV1>): TimelineEntryInput {
  const { data } = event;
  return {
    kind: 'change_status_changed',
    source: 'change',
    actor: actorOfEvent(event.actor),
    occurredAt: new Date(data.changedAt),
    visibility: fixingChangeStatusVisibility(data.to),
    summary: line(`Change ${data.number} ${changeMoves[data.to]}`),
    detail: { changeId: data.changeId, number: data.number, from: data.from, to: data.to },
  };
}

export function changeApprovalRecordedEntry(event: Of<typeof changeApprovalRecordedV1>): TimelineEntryInput {
  const { data } = event;
  const decision =
    data.decision === 'APPROVE'
      ? `approved by ${data.approverId} (${data.approvals} of ${data.quorum})`
      : `rejected by ${data.approverId} (${data.approvals} of ${data.quorum} approvals)`;
  return {
    kind: 'change_approval_recorded',
    source: 'change',
    actor: actorOfEvent(event.actor),
    occurredAt: new Date(event.occurredAt),
    summary: line(`${data.number}: ${decision}`),
    detail: {
      changeId: data.changeId,
      number: data.number,
      approverId: data.approverId,
      decision: data.decision,
      approvals: data.approvals,
      quorum: data.quorum,
    },
  };
}

export function changeReviewedEntry(event: Of<typeof changeReviewedV1>): TimelineEntryInput {
  const { data } = event;
  return {
    kind: 'change_reviewed',
    source: 'change',
    actor: actorOfEvent(event.actor),
    occurredAt: new Date(event.occurredAt),
    summary: line(
      `${data.number} post-implementation review: ${data.effective ? 'effective' : 'not effective'}`,
    ),
    detail: {
      changeId: data.changeId,
      number: data.number,
      effective: data.effective,
      summary: clip(data.summary, detailText.statement),
      problemIds: data.problemIds,
    },
  };
}
