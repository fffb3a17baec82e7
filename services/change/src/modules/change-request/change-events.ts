import type { Envelope } from '@mim/contracts';
import { changeApprovalRecordedV1, changeReviewedV1, changeStatusChangedV1 } from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import { type RequestMeta, eventActor } from '@mim/service-kit';
import type { ChangeFact } from './change-request.domain';

export type OutboxEvent = Envelope & { subject: string };

/** The change an event is about, after the change, and what it links to at that moment. */
export interface EventSubject {
  id: string;
  number: string;
  /** The version before the facts: the first fact's event carries the next one. */
  previousVersion: number;
  fixesIncidentIds: string[];
  problemIds: string[];
}

/**
 * One event per fact, in order, each with its own aggregate version (previous + 1, + 2, ...), all at
 * the same instant: a status move is `change.status_changed.v1` (the automatic ones too: a standard
 * change approved on submission, a change approved or rejected by its votes), a vote is
 * `change.approval_recorded.v1`, a review `change.reviewed.v1`.
 */
export function eventsOfFacts(
  subject: EventSubject,
  facts: readonly ChangeFact[],
  meta: RequestMeta,
  at: Date,
): OutboxEvent[] {
  return facts.map((fact, index) => {
    const envelope = {
      aggregateId: subject.id,
      aggregateVersion: subject.previousVersion + index + 1,
      actor: eventActor(meta.caller),
      correlationId: meta.correlationId,
      occurredAt: at,
    };
    const base = { changeId: subject.id, number: subject.number, fixesIncidentIds: subject.fixesIncidentIds };
    switch (fact.type) {
      case 'status_changed':
        return newEvent(changeStatusChangedV1, {
          ...envelope,
          data: { ...base, from: fact.from, to: fact.to, changedAt: at.toISOString() },
        });
      case 'approval_recorded':
        return newEvent(changeApprovalRecordedV1, {
          ...envelope,
          data: {
            ...base,
            approverId: fact.approverId,
            decision: fact.decision,
            approvals: fact.approvals,
            quorum: fact.quorum,
          },
        });
      case 'reviewed':
        return newEvent(changeReviewedV1, {
          ...envelope,
          data: { ...base, effective: fact.effective, summary: fact.summary, problemIds: subject.problemIds },
        });
    }
  });
}
