import type { EntityManager } from 'typeorm';
import type { IncidentSnapshot } from '../incident-snapshot/incident-snapshot.entity';
import type {
  Locale,
  NotificationAudience,
  StakeholderKind,
  WebhookFormat,
} from '../notification/notification.vocabulary';
import { type IncidentPerson, participantsInRole, tierAbove } from './stakeholder.domain';
import type { SupportTier } from './stakeholder.input';

/** Someone (or some channel) an audience resolves to. */
export type Recipient =
  | { kind: 'person'; userId: string; name: string; email: string | null; locale: Locale }
  | { kind: 'webhook'; endpointId: string; name: string; format: WebhookFormat; locale: Locale };

/** What the directory reads of an incident. */
export type DirectoryIncident = Pick<
  IncidentSnapshot,
  | 'affectedServices'
  | 'supportTier'
  | 'reporterId'
  | 'reporterName'
  | 'reporterEmail'
  | 'assigneeId'
  | 'assigneeName'
  | 'participants'
>;

/**
 * Who an audience of a rule is, for one incident, read inside the caller's transaction (the planner's).
 *
 * - A stakeholder kind: the groups of that kind that cover the incident (their `services` empty, or
 *   naming one of its affected services): their members, and their enabled webhook endpoints. USERS
 *   adds the people subscribed to one of the affected services.
 * - NEXT_TIER: the technical teams of the tier above the incident's (none above L3) that cover it.
 * - REPORTER, ASSIGNEE, MAJOR_INCIDENT_MANAGER, COMMUNICATIONS_LEAD: the people the incident names; a
 *   directory record with the same user id supplies their language, and their email when the incident
 *   has none.
 *
 * Each person appears once (by user id) and each webhook once, people first (by name), then webhooks.
 * Two or three queries per call, whatever the number of groups and people.
 */
export class StakeholderDirectory {
  constructor(private readonly defaultLocale: Locale) {}

  async recipients(
    manager: EntityManager,
    audience: NotificationAudience,
    incident: DirectoryIncident,
  ): Promise<Recipient[]> {
    switch (audience) {
      case 'TECHNICAL_TEAM':
      case 'MANAGEMENT':
      case 'KEY_STAKEHOLDERS':
        return this.groupRecipients(manager, audience, incident.affectedServices, null);
      case 'USERS':
        return this.groupRecipients(manager, 'USERS', incident.affectedServices, null, {
          subscribers: true,
        });
      case 'NEXT_TIER': {
        const tier = tierAbove(incident.supportTier);
        return tier ? this.groupRecipients(manager, 'TECHNICAL_TEAM', incident.affectedServices, tier) : [];
      }
      case 'REPORTER':
        return this.incidentPeople(
          manager,
          incident.reporterId
            ? [
                {
                  userId: incident.reporterId,
                  name: incident.reporterName ?? incident.reporterId,
                  email: incident.reporterEmail,
                },
              ]
            : [],
        );
      case 'ASSIGNEE':
        return this.incidentPeople(
          manager,
          incident.assigneeId
            ? [
                {
                  userId: incident.assigneeId,
                  name: incident.assigneeName ?? incident.assigneeId,
                  email: null,
                },
              ]
            : [],
        );
      case 'MAJOR_INCIDENT_MANAGER':
      case 'COMMUNICATIONS_LEAD':
        return this.incidentPeople(manager, participantsInRole(incident.participants, audience));
    }
  }

  private async groupRecipients(
    manager: EntityManager,
    kind: StakeholderKind,
    services: readonly string[],
    tier: SupportTier | null,
    options: { subscribers: boolean } = { subscribers: false },
  ): Promise<Recipient[]> {
    // The groups that cover the incident, as one condition on `g` shared by both queries.
    const covering = `g.kind = $1
      AND (cardinality(g.services) = 0 OR g.services && $2::text[])
      AND ($3::text IS NULL OR g.support_tier = $3::text)`;
    const parameters = [kind, services, tier];
    const subscribers = options.subscribers
      ? `UNION
         SELECT s.user_id, s.name, s.email, s.locale
           FROM service_subscription ss JOIN stakeholder s ON s.id = ss.stakeholder_id
          WHERE ss.service = ANY($2::text[])`
      : '';
    const people: PersonRow[] = await manager.query(
      `SELECT DISTINCT ON (user_id) user_id, name, email, locale FROM (
         SELECT s.user_id, s.name, s.email, s.locale
           FROM stakeholder_group g
           JOIN stakeholder_group_member m ON m.group_id = g.id
           JOIN stakeholder s ON s.id = m.stakeholder_id
          WHERE ${covering}
         ${subscribers}
       ) AS reached
       ORDER BY user_id`,
      parameters,
    );
    const webhooks: WebhookRow[] = await manager.query(
      `SELECT DISTINCT w.id, w.name, w.format
         FROM webhook_endpoint w JOIN stakeholder_group g ON g.id = w.group_id
        WHERE w.enabled AND ${covering}
        ORDER BY w.name, w.id`,
      parameters,
    );
    return [
      ...people
        .map((row): Recipient => ({
          kind: 'person',
          userId: row.user_id,
          name: row.name,
          email: row.email,
          locale: row.locale,
        }))
        .sort(byNameThenUserId),
      ...webhooks.map((row): Recipient => ({
        kind: 'webhook',
        endpointId: row.id,
        name: row.name,
        format: row.format,
        locale: this.defaultLocale,
      })),
    ];
  }

  /** People named by the incident, with the language (and missing email) of their directory record. */
  private async incidentPeople(
    manager: EntityManager,
    people: readonly IncidentPerson[],
  ): Promise<Recipient[]> {
    const unique = [...new Map(people.map((person) => [person.userId, person])).values()];
    if (unique.length === 0) return [];
    const records: Array<{ user_id: string; email: string | null; locale: Locale }> = await manager.query(
      `SELECT user_id, email, locale FROM stakeholder WHERE user_id = ANY($1::text[])`,
      [unique.map((person) => person.userId)],
    );
    const byUserId = new Map(records.map((record) => [record.user_id, record]));
    return unique.map((person): Recipient => {
      const record = byUserId.get(person.userId);
      return {
        kind: 'person',
        userId: person.userId,
        name: person.name,
        email: person.email ?? record?.email ?? null,
        locale: record?.locale ?? this.defaultLocale,
      };
    });
  }
}

interface PersonRow {
  user_id: string;
  name: string;
  email: string | null;
  locale: Locale;
}

interface WebhookRow {
  id: string;
  name: string;
  format: WebhookFormat;
}

function byNameThenUserId(a: Recipient, b: Recipient): number {
  if (a.kind !== 'person' || b.kind !== 'person') return 0;
  return a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId);
}
