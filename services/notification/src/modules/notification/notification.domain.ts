import type { EventData, incidentCreatedV1, incidentStatusChangedV1 } from '@mim/contracts';

export type NotificationChannel = 'IN_APP' | 'EMAIL' | 'WEBHOOK';
/** Only in-app delivery exists so far, and it cannot fail: a stored in-app notification is sent. */
export type NotificationStatus = 'SENT';

/** One delivery to make: who is told, through which channel, what. */
export interface PlannedNotification {
  recipientId: string;
  incidentId: string | null;
  channel: NotificationChannel;
  subject: string;
  body: string;
}

export type IncidentCreated = EventData<typeof incidentCreatedV1>;
export type IncidentStatusChanged = EventData<typeof incidentStatusChangedV1>;

/**
 * Who is told what when an incident is logged: the reporter, that it was received and under which
 * number (DOMAIN.md, L1: "keep the user informed throughout").
 */
export function notificationsForIncidentCreated(incident: IncidentCreated): PlannedNotification[] {
  const what = incident.kind === 'SERVICE_REQUEST' ? 'request' : 'report';
  return [
    {
      recipientId: incident.reporter.id,
      incidentId: incident.incidentId,
      channel: 'IN_APP',
      subject: `We received your ${what} ${incident.number}: ${incident.title}`,
      body:
        `Your ${what} "${incident.title}" was logged as ${incident.number} with priority ` +
        `${incident.priority}. We will keep you informed until it is resolved; quote ${incident.number} ` +
        `when you contact the service desk about it.`,
    },
  ];
}

/**
 * Who is told what when an incident changes state. For now only the resolution reaches the reporter;
 * the other transitions (acknowledged, on hold, reopened) tell no one yet.
 */
export function notificationsForStatusChange(change: IncidentStatusChanged): PlannedNotification[] {
  if (change.to !== 'RESOLVED') return [];
  const resolution = change.reason?.trim() ? ` Resolution: ${change.reason.trim()}` : '';
  return [
    {
      recipientId: change.reporterId,
      incidentId: change.incidentId,
      channel: 'IN_APP',
      subject: `Your incident ${change.number} is resolved`,
      body:
        `${change.number} was resolved.${resolution} If the problem persists, contact the service desk ` +
        `and quote ${change.number}.`,
    },
  ];
}
