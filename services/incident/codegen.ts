import { subgraphCodegenConfig } from '../../codegen.base';

const config = subgraphCodegenConfig({
  contextType: '../context#IncidentContext',
  mappers: {
    Incident: '../modules/incident/incident.entity#Incident as IncidentEntity',
    IncidentComment: '../modules/comment/comment.entity#Comment as CommentEntity',
    IncidentTimelineEntry: '../modules/timeline/timeline-entry.entity#TimelineEntry as TimelineEntryEntity',
    IncidentCategory: '../modules/category/category.entity#Category as CategoryEntity',
    IncidentParticipant: '../modules/participant/participant.entity#Participant as ParticipantEntity',
    PostIncidentReview:
      '../modules/post-incident-review/post-incident-review.entity#PostIncidentReview as PostIncidentReviewEntity',
    FollowUpAction:
      '../modules/post-incident-review/post-incident-review.domain#FollowUpAction as FollowUpActionValue',
    MajorIncidentTask: '../modules/mi-task/mi-task.entity#MiTask as MiTaskEntity',
    IncidentStatusUpdate: '../modules/status-update/status-update.entity#StatusUpdate as StatusUpdateEntity',
    MajorIncidentCandidate:
      '../modules/mi-candidate/mi-candidate.entity#MajorIncidentCandidate as MajorIncidentCandidateEntity',
  },
});

// This subgraph's own scalar: timeline details are JSON objects.
for (const output of Object.values(config.generates) as Array<{ config?: { scalars?: object } }>) {
  output.config = {
    ...output.config,
    scalars: { ...output.config?.scalars, JSON: 'Record<string, unknown>' },
  };
}

export default config;
