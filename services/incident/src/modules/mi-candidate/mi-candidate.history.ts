import {
  incidentMajorCandidateDismissedV1,
  incidentMajorCandidatePromotedV1,
  incidentMajorCandidateRaisedV1,
} from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import { type RequestMeta, eventActor } from '@mim/service-kit';
import type { MajorIncidentCandidate } from './mi-candidate.entity';

/** The aggregate is the candidate (type `major_incident_candidate`), at its version after the change. */
function envelope(candidate: MajorIncidentCandidate, meta: RequestMeta, at: Date) {
  return {
    aggregateId: candidate.id,
    aggregateVersion: candidate.version,
    actor: eventActor(meta.caller),
    correlationId: meta.correlationId,
    occurredAt: at,
  };
}

export function candidateRaisedEvent(
  candidate: MajorIncidentCandidate,
  incidentIds: readonly string[],
  meta: RequestMeta,
) {
  return newEvent(incidentMajorCandidateRaisedV1, {
    ...envelope(candidate, meta, candidate.raisedAt),
    data: {
      candidateId: candidate.id,
      reason: candidate.reason,
      service: candidate.service,
      incidentIds: [...incidentIds],
      raisedAt: candidate.raisedAt.toISOString(),
    },
  });
}

export function candidatePromotedEvent(
  candidate: MajorIncidentCandidate,
  incidentIds: readonly string[],
  meta: RequestMeta,
  at: Date,
) {
  return newEvent(incidentMajorCandidatePromotedV1, {
    ...envelope(candidate, meta, at),
    data: {
      candidateId: candidate.id,
      majorIncidentId: candidate.majorIncidentId ?? '',
      incidentIds: [...incidentIds],
    },
  });
}

export function candidateDismissedEvent(candidate: MajorIncidentCandidate, meta: RequestMeta, at: Date) {
  return newEvent(incidentMajorCandidateDismissedV1, {
    ...envelope(candidate, meta, at),
    data: { candidateId: candidate.id, reason: candidate.dismissReason ?? '' },
  });
}
