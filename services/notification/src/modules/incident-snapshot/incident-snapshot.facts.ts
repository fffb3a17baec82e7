import type { IncidentFacts } from '../notification/notification.facts';
import type { IncidentSnapshot } from './incident-snapshot.entity';

/**
 * The incident as messages show it. Only once incident.created has arrived (title, services, reporter):
 * the planner keeps announcements until then (notification.deferred.ts), so no message has holes.
 */
export function incidentFacts(
  snapshot: IncidentSnapshot,
  incidentUrl: (id: string) => string,
): IncidentFacts {
  if (!snapshot.createdSeen || snapshot.number === null || snapshot.priority === null) {
    throw new Error(`incident ${snapshot.id} is not known yet: its announcements wait for incident.created`);
  }
  return {
    id: snapshot.id,
    number: snapshot.number,
    kind: snapshot.kind === 'SERVICE_REQUEST' ? 'SERVICE_REQUEST' : 'INCIDENT',
    title: snapshot.title ?? snapshot.number,
    priority: snapshot.priority,
    status: snapshot.status,
    major: snapshot.major,
    services: snapshot.affectedServices,
    category: snapshot.category,
    supportTier: snapshot.supportTier,
    assignmentGroup: snapshot.assignmentGroup,
    assigneeName: snapshot.assigneeName,
    reporterName: snapshot.reporterName,
    impactStatement: snapshot.impactStatement,
    url: incidentUrl(snapshot.id),
  };
}

/** `NOTIFICATION_INCIDENT_URL` with `{id}` filled in. */
export const incidentUrlFrom =
  (template: string) =>
  (id: string): string =>
    template.replaceAll('{id}', encodeURIComponent(id));
