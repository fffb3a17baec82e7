import type { EventDefinition } from './define-event';
import {
  changeApprovalRecordedV1,
  changeRequestedV1,
  changeReviewedV1,
  changeStatusChangedV1,
} from './events/change.events';
import {
  incidentRoomsSetV1,
  incidentStatusUpdateOverdueV1,
  incidentStatusUpdatePublishedV1,
  incidentTaskChangedV1,
  incidentTaskOverdueV1,
} from './events/containment.events';
import {
  incidentAssignedV1,
  incidentCommentedV1,
  incidentCreatedV1,
  incidentEscalatedV1,
  incidentPriorityChangedV1,
  incidentStatusChangedV1,
} from './events/incident.events';
import {
  incidentChildUnlinkedV1,
  incidentChildrenLinkedV1,
  incidentMajorCandidateDismissedV1,
  incidentMajorCandidatePromotedV1,
  incidentMajorCandidateRaisedV1,
} from './events/identification.events';
import { incidentTimelineEntryRecordedV1 } from './events/incident-timeline.events';
import {
  incidentMajorDeclaredV1,
  incidentServiceRestoredV1,
  incidentParticipantAddedV1,
  incidentParticipantRemovedV1,
} from './events/major-incident.events';
import { notificationSentV1 } from './events/notification.events';
import { incidentPostIncidentReviewPublishedV1 } from './events/post-incident-review.events';
import {
  problemCreatedV1,
  problemIncidentsLinkedV1,
  problemKnownErrorPublishedV1,
  problemMergedV1,
  problemRootCauseIdentifiedV1,
  problemStatusChangedV1,
} from './events/problem.events';
import { incidentSlaAtRiskV1, incidentSlaBreachedV1 } from './events/sla.events';

/** Every event of the platform, keyed by its versioned subject. The one typed map of all events. */
export const eventRegistry = {
  [incidentCreatedV1.subject]: incidentCreatedV1,
  [incidentStatusChangedV1.subject]: incidentStatusChangedV1,
  [incidentPriorityChangedV1.subject]: incidentPriorityChangedV1,
  [incidentAssignedV1.subject]: incidentAssignedV1,
  [incidentEscalatedV1.subject]: incidentEscalatedV1,
  [incidentCommentedV1.subject]: incidentCommentedV1,
  [incidentTimelineEntryRecordedV1.subject]: incidentTimelineEntryRecordedV1,
  [incidentParticipantAddedV1.subject]: incidentParticipantAddedV1,
  [incidentParticipantRemovedV1.subject]: incidentParticipantRemovedV1,
  [incidentMajorDeclaredV1.subject]: incidentMajorDeclaredV1,
  [incidentServiceRestoredV1.subject]: incidentServiceRestoredV1,
  [incidentPostIncidentReviewPublishedV1.subject]: incidentPostIncidentReviewPublishedV1,
  [incidentMajorCandidateRaisedV1.subject]: incidentMajorCandidateRaisedV1,
  [incidentMajorCandidatePromotedV1.subject]: incidentMajorCandidatePromotedV1,
  [incidentMajorCandidateDismissedV1.subject]: incidentMajorCandidateDismissedV1,
  [incidentChildrenLinkedV1.subject]: incidentChildrenLinkedV1,
  [incidentChildUnlinkedV1.subject]: incidentChildUnlinkedV1,
  [incidentSlaAtRiskV1.subject]: incidentSlaAtRiskV1,
  [incidentSlaBreachedV1.subject]: incidentSlaBreachedV1,
  [incidentRoomsSetV1.subject]: incidentRoomsSetV1,
  [incidentTaskChangedV1.subject]: incidentTaskChangedV1,
  [incidentTaskOverdueV1.subject]: incidentTaskOverdueV1,
  [incidentStatusUpdatePublishedV1.subject]: incidentStatusUpdatePublishedV1,
  [incidentStatusUpdateOverdueV1.subject]: incidentStatusUpdateOverdueV1,
  [problemCreatedV1.subject]: problemCreatedV1,
  [problemStatusChangedV1.subject]: problemStatusChangedV1,
  [problemRootCauseIdentifiedV1.subject]: problemRootCauseIdentifiedV1,
  [problemKnownErrorPublishedV1.subject]: problemKnownErrorPublishedV1,
  [problemIncidentsLinkedV1.subject]: problemIncidentsLinkedV1,
  [problemMergedV1.subject]: problemMergedV1,
  [changeRequestedV1.subject]: changeRequestedV1,
  [changeStatusChangedV1.subject]: changeStatusChangedV1,
  [changeApprovalRecordedV1.subject]: changeApprovalRecordedV1,
  [changeReviewedV1.subject]: changeReviewedV1,
  [notificationSentV1.subject]: notificationSentV1,
} as const satisfies Record<string, EventDefinition>;

export type EventSubject = keyof typeof eventRegistry;
export type AnyEventDefinition = (typeof eventRegistry)[EventSubject];

export function findEventDefinition(subject: string): AnyEventDefinition | undefined {
  return (eventRegistry as Record<string, AnyEventDefinition>)[subject];
}
