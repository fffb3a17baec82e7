import { z } from 'zod';
import { defineEvent } from '../define-event';

const instant = z.iso.datetime({ offset: true });

/**
 * Why a major incident candidate was raised (DOMAIN.md, stage 1: a flood of tickets about the same
 * thing, or a monitoring alert): many incidents on one affected service, many with similar text, or a
 * critical monitoring alert.
 */
export const majorCandidateReasonSchema = z.enum(['SAME_SERVICE', 'SIMILAR_TEXT', 'CRITICAL_ALERT']);
export type MajorCandidateReason = z.infer<typeof majorCandidateReasonSchema>;

export const majorCandidateStatusSchema = z.enum(['OPEN', 'PROMOTED', 'DISMISSED']);
export type MajorCandidateStatus = z.infer<typeof majorCandidateStatusSchema>;

/** The aggregate of the candidate events: a candidate, not an incident (the gateway's incident feed ignores it). */
const candidateAggregate = 'major_incident_candidate';

export const incidentMajorCandidateRaisedV1 = defineEvent({
  type: 'incident.major_candidate_raised',
  version: 1,
  aggregateType: candidateAggregate,
  description:
    'A major incident candidate was raised: at least the configured number of incidents on one service ' +
    '(SAME_SERVICE) or with similar text (SIMILAR_TEXT) arrived within the window, or a critical ' +
    'monitoring alert opened an incident (CRITICAL_ALERT). `incidentIds` are the incidents it lists when ' +
    'raised; while it stays OPEN it absorbs later incidents of the same cluster (no new event).',
  data: z.object({
    candidateId: z.uuid(),
    reason: majorCandidateReasonSchema,
    /** The affected service of the cluster; null when the incidents name none. */
    service: z.string().min(1).nullable(),
    incidentIds: z.array(z.uuid()).min(1),
    raisedAt: instant,
  }),
  example: {
    candidateId: '5d0c7a52-2f7e-4c55-9d7b-8a1f3c2b6e01',
    reason: 'SAME_SERVICE',
    service: 'checkout',
    incidentIds: [
      '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
      '1c7a3b5f-8b64-4e63-9f1f-5e8d3b2c0d21',
      '2d8b4c6a-9c75-4f74-8a2a-6f9e4c3d1e32',
      '3e9c5d7b-ad86-4a85-9b3b-7a0f5d4e2f43',
      '4fad6e8c-be97-4b96-8c4c-8b1a6e5f3a54',
    ],
    raisedAt: '2019-07-02T13:52:00.000Z',
  },
});

export const incidentMajorCandidatePromotedV1 = defineEvent({
  type: 'incident.major_candidate_promoted',
  version: 1,
  aggregateType: candidateAggregate,
  description:
    'A major incident candidate was promoted: one of its incidents is the major incident (declared if it ' +
    'was not yet, incident.major_declared.v1) and the others that could be linked became its children ' +
    '(incident.children_linked.v1). `incidentIds` are all the incidents the candidate listed.',
  data: z.object({
    candidateId: z.uuid(),
    majorIncidentId: z.uuid(),
    incidentIds: z.array(z.uuid()).min(1),
  }),
  example: {
    candidateId: '5d0c7a52-2f7e-4c55-9d7b-8a1f3c2b6e01',
    majorIncidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    incidentIds: ['0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10', '1c7a3b5f-8b64-4e63-9f1f-5e8d3b2c0d21'],
  },
});

export const incidentMajorCandidateDismissedV1 = defineEvent({
  type: 'incident.major_candidate_dismissed',
  version: 1,
  aggregateType: candidateAggregate,
  description:
    'A major incident candidate was dismissed with a reason (not a major incident). Its incidents are ' +
    'not counted again: a new candidate needs a new flood.',
  data: z.object({
    candidateId: z.uuid(),
    reason: z.string().min(1),
  }),
  example: {
    candidateId: '5d0c7a52-2f7e-4c55-9d7b-8a1f3c2b6e01',
    reason: 'Planned maintenance of checkout announced to users; no outage',
  },
});

export const incidentChildrenLinkedV1 = defineEvent({
  type: 'incident.children_linked',
  version: 1,
  aggregateType: 'incident',
  description:
    'Related incidents were linked to a major incident as its children (the aggregate is the parent); ' +
    'resolving the parent resolves its open children. `childIds` are the incidents linked by this change.',
  data: z.object({
    majorIncidentId: z.uuid(),
    childIds: z.array(z.uuid()).min(1),
  }),
  example: {
    majorIncidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    childIds: ['1c7a3b5f-8b64-4e63-9f1f-5e8d3b2c0d21', '2d8b4c6a-9c75-4f74-8a2a-6f9e4c3d1e32'],
  },
});

export const incidentChildUnlinkedV1 = defineEvent({
  type: 'incident.child_unlinked',
  version: 1,
  aggregateType: 'incident',
  description:
    'An incident was unlinked from its major incident (the aggregate is the parent): it is no longer ' +
    'resolved with it.',
  data: z.object({
    majorIncidentId: z.uuid(),
    childId: z.uuid(),
  }),
  example: {
    majorIncidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    childId: '1c7a3b5f-8b64-4e63-9f1f-5e8d3b2c0d21',
  },
});
