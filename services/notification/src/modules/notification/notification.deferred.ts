import type { EntityManager } from 'typeorm';
import type { Announcement } from './notification.planner';
import type { NotificationTrigger } from './notification.vocabulary';

interface DeferredRow {
  trigger: NotificationTrigger;
  source: { id: string; type: string; correlationId: string; occurredAt: string };
  details: Announcement['details'];
  named_audiences: string[] | null;
}

/**
 * Keeps an announcement about an incident not known yet (incident.created has not arrived: each subject
 * has its own consumer). Once per source event, whatever the redeliveries.
 */
export async function deferAnnouncement(
  manager: EntityManager,
  incidentId: string,
  announcement: Announcement,
): Promise<void> {
  const { source } = announcement;
  await manager.query(
    `INSERT INTO deferred_announcement (source_event_id, incident_id, trigger, source, details, named_audiences)
     VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6) ON CONFLICT (source_event_id) DO NOTHING`,
    [
      source.id,
      incidentId,
      announcement.trigger,
      JSON.stringify({ ...source, occurredAt: source.occurredAt.toISOString() }),
      JSON.stringify(announcement.details ?? {}),
      announcement.namedAudiences ?? null,
    ],
  );
}

/** Takes the incident's deferred announcements, oldest first; they are gone once the transaction commits. */
export async function takeDeferredAnnouncements(
  manager: EntityManager,
  incidentId: string,
): Promise<Announcement[]> {
  const [rows] = await manager.query<[DeferredRow[], number]>(
    `DELETE FROM deferred_announcement WHERE incident_id = $1
     RETURNING trigger, source, details, named_audiences, created_at`,
    [incidentId],
  );
  return rows
    .map((row) => ({
      trigger: row.trigger,
      source: { ...row.source, occurredAt: new Date(row.source.occurredAt) },
      details: row.details,
      namedAudiences: row.named_audiences,
    }))
    .sort((a, b) => a.source.occurredAt.getTime() - b.source.occurredAt.getTime());
}
