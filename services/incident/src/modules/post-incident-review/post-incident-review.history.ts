import { incidentPostIncidentReviewPublishedV1 } from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import type { RequestMeta } from '@mim/service-kit';
import type { Incident } from '../incident/incident.entity';
import type { TimelineEntryInput } from '../timeline/timeline.service';
import type { PostIncidentReview } from './post-incident-review.entity';
import { incidentEventEnvelope } from '../incident/incident-events';

type Actor = TimelineEntryInput['actor'];

/** The review's moves on the incident's timeline: INTERNAL (the default of these kinds). */
export const reviewTimelineKinds = [
  'post_incident_review_started',
  'post_incident_review_submitted',
  'post_incident_review_returned',
  'post_incident_review_published',
] as const;
export type ReviewTimelineKind = (typeof reviewTimelineKinds)[number];

const summaries: Record<ReviewTimelineKind, string> = {
  post_incident_review_started: 'Post-incident review started (draft)',
  post_incident_review_submitted: 'Post-incident review submitted for review',
  post_incident_review_returned: 'Post-incident review sent back to draft',
  post_incident_review_published: 'Post-incident review published',
};

export function reviewEntry(
  kind: ReviewTimelineKind,
  review: Pick<PostIncidentReview, 'status' | 'version'>,
  actor: Actor,
  at: Date,
  reason: string | null = null,
): TimelineEntryInput {
  return {
    kind,
    actor,
    occurredAt: at,
    summary: `${summaries[kind]}${reason ? `: ${reason}` : ''}`.slice(0, 1_000),
    detail: { status: review.status, reviewVersion: review.version, ...(reason ? { reason } : {}) },
  };
}

/** `incident.post_incident_review_published.v1`. */
export function reviewPublishedEvent(
  incident: Incident,
  review: PostIncidentReview,
  meta: RequestMeta,
  at: Date,
) {
  return newEvent(incidentPostIncidentReviewPublishedV1, {
    ...incidentEventEnvelope(incident, meta, at),
    data: {
      incidentId: incident.id,
      number: incident.number,
      title: incident.title,
      // A published review has them (moveReview checks).
      summary: review.summary ?? '',
      impact: review.impact ?? '',
      rootCause: review.rootCause ?? '',
      affectedServices: review.affectedServices,
      followUpActions: review.followUps,
      publishedBy: { id: meta.caller.subject, name: meta.caller.name },
      publishedAt: at.toISOString(),
    },
  });
}
