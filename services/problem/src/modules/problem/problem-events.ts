import {
  type Actor,
  type Envelope,
  type Priority,
  type ProblemStatus,
  type RootCauseMethod,
  problemCreatedV1,
  problemIncidentsLinkedV1,
  problemKnownErrorPublishedV1,
  problemMergedV1,
  problemRootCauseIdentifiedV1,
  problemStatusChangedV1,
} from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import { type RequestMeta, eventActor } from '@mim/service-kit';

/** An event as the outbox takes it. */
export type OutboxEvent = Envelope & { subject: string };

/** Who caused a change, in which correlation, when: shared by the events of one transaction. */
export interface EventContext {
  actor: Actor;
  correlationId: string;
  at: Date;
}

export function eventContext(meta: Pick<RequestMeta, 'caller' | 'correlationId'>, at: Date): EventContext {
  return { actor: eventActor(meta.caller), correlationId: meta.correlationId, at };
}

/** The problem as its events need it: the aggregate and its version after the change. */
type ProblemRef = { id: string; number: string; version: number };

function envelope(problem: ProblemRef, context: EventContext) {
  return {
    aggregateId: problem.id,
    aggregateVersion: problem.version,
    actor: context.actor,
    correlationId: context.correlationId,
    occurredAt: context.at,
  };
}

export function problemCreatedEvent(
  problem: ProblemRef & { title: string; priority: Priority },
  incidentIds: string[],
  context: EventContext,
): OutboxEvent {
  return newEvent(problemCreatedV1, {
    ...envelope(problem, context),
    data: {
      problemId: problem.id,
      number: problem.number,
      title: problem.title,
      priority: problem.priority,
      incidentIds,
    },
  });
}

export function problemStatusChangedEvent(
  problem: ProblemRef & { status: ProblemStatus },
  from: ProblemStatus,
  incidentIds: string[],
  context: EventContext,
): OutboxEvent {
  return newEvent(problemStatusChangedV1, {
    ...envelope(problem, context),
    data: {
      problemId: problem.id,
      number: problem.number,
      from,
      to: problem.status,
      incidentIds,
      changedAt: context.at.toISOString(),
    },
  });
}

export function rootCauseIdentifiedEvent(
  problem: ProblemRef,
  analysis: { method: RootCauseMethod; rootCause: string },
  incidentIds: string[],
  context: EventContext,
): OutboxEvent {
  return newEvent(problemRootCauseIdentifiedV1, {
    ...envelope(problem, context),
    data: {
      problemId: problem.id,
      number: problem.number,
      method: analysis.method,
      rootCause: analysis.rootCause,
      incidentIds,
    },
  });
}

export function knownErrorPublishedEvent(
  problem: ProblemRef,
  knownError: { id: string; title: string; workaround: string },
  incidentIds: string[],
  context: EventContext,
): OutboxEvent {
  return newEvent(problemKnownErrorPublishedV1, {
    ...envelope(problem, context),
    data: {
      problemId: problem.id,
      number: problem.number,
      knownErrorId: knownError.id,
      title: knownError.title,
      workaround: knownError.workaround,
      incidentIds,
    },
  });
}

/** Only the newly linked incidents (the contract wants at least one). */
export function incidentsLinkedEvent(
  problem: ProblemRef,
  linkedIncidentIds: string[],
  context: EventContext,
): OutboxEvent {
  return newEvent(problemIncidentsLinkedV1, {
    ...envelope(problem, context),
    data: { problemId: problem.id, number: problem.number, linkedIncidentIds },
  });
}

/** On the survivor; `incidentIds` are every incident it holds after the merge. */
export function problemMergedEvent(
  survivor: ProblemRef,
  merged: { id: string; number: string },
  incidentIds: string[],
  context: EventContext,
): OutboxEvent {
  return newEvent(problemMergedV1, {
    ...envelope(survivor, context),
    data: {
      problemId: survivor.id,
      number: survivor.number,
      mergedProblemId: merged.id,
      mergedNumber: merged.number,
      incidentIds,
    },
  });
}
