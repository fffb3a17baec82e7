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
 * Who the audiences of a rule are, for one incident, read inside the caller's transaction (the planner's).
 *
 * - A stakeholder kind: the groups of that kind that cover the incident (their `services` empty, or
 *   naming one of its affected services): their members, and their enabled webhook endpoints. USERS
 *   adds the people subscribed to one of the affected services.
 * - NEXT_TIER: the technical teams of the tier above the incident's (none above L3) that cover it.
 * - REPORTER, ASSIGNEE, MAJOR_INCIDENT_MANAGER, COMMUNICATIONS_LEAD: the people the incident names; a
 *   directory record with the same user id supplies their language, and their email when the incident
 *   has none.
 *
 * In each audience every person appears once (by user id) and each webhook once, people first (by name),
 * then webhooks. At most two queries per call, whatever the number of audiences, groups and people: one
 * for every group audience, one for every person the incident names.
 */
export class StakeholderDirectory {
  constructor(private readonly defaultLocale: Locale) {}

  /** One audience's recipients (`recipientsOf` with one audience). */
  async recipients(
    manager: EntityManager,
    audience: NotificationAudience,
    incident: DirectoryIncident,
  ): Promise<Recipient[]> {
    return (await this.recipientsOf(manager, [audience], incident)).get(audience) ?? [];
  }

  /** The recipients of each audience given (every one of them a key of the answer). */
  async recipientsOf(
    manager: EntityManager,
    audiences: readonly NotificationAudience[],
    incident: DirectoryIncident,
  ): Promise<Map<NotificationAudience, Recipient[]>> {
    const groupAudiences: GroupAudience[] = [];
    const namedPeople = new Map<NotificationAudience, IncidentPerson[]>();
    for (const audience of new Set(audiences)) {
      const wanted = this.wanted(audience, incident);
      if (wanted === null) continue;
      if ('people' in wanted) namedPeople.set(audience, wanted.people);
      else groupAudiences.push(wanted);
    }
    // One after the other: both run on the transaction's one connection.
    const reached = await this.groupRecipients(manager, groupAudiences, incident.affectedServices);
    const people = await this.incidentPeople(manager, namedPeople);
    return new Map(
      audiences.map((audience) => [audience, reached.get(audience) ?? people.get(audience) ?? []]),
    );
  }

  /** What an audience asks the directory for; null when it is nobody for this incident. */
  private wanted(
    audience: NotificationAudience,
    incident: DirectoryIncident,
  ): GroupAudience | { people: IncidentPerson[] } | null {
    switch (audience) {
      case 'TECHNICAL_TEAM':
      case 'MANAGEMENT':
      case 'KEY_STAKEHOLDERS':
        return { audience, kind: audience, tier: null, subscribers: false };
      case 'USERS':
        return { audience, kind: 'USERS', tier: null, subscribers: true };
      case 'NEXT_TIER': {
        const tier = tierAbove(incident.supportTier);
        return tier ? { audience, kind: 'TECHNICAL_TEAM', tier, subscribers: false } : null;
      }
      case 'REPORTER':
        return incident.reporterId
          ? {
              people: [
                {
                  userId: incident.reporterId,
                  name: incident.reporterName ?? incident.reporterId,
                  email: incident.reporterEmail,
                },
              ],
            }
          : null;
      case 'ASSIGNEE':
        return incident.assigneeId
          ? {
              people: [
                {
                  userId: incident.assigneeId,
                  name: incident.assigneeName ?? incident.assigneeId,
                  email: null,
                },
              ],
            }
          : null;
      case 'MAJOR_INCIDENT_MANAGER':
      case 'COMMUNICATIONS_LEAD': {
        const people = participantsInRole(incident.participants, audience);
        return people.length > 0 ? { people } : null;
      }
    }
  }

  /** The members, subscribers and webhooks of every group audience, in one query. */
  private async groupRecipients(
    manager: EntityManager,
    wanted: readonly GroupAudience[],
    services: readonly string[],
  ): Promise<Map<NotificationAudience, Recipient[]>> {
    const byAudience = new Map<NotificationAudience, Recipient[]>();
    if (wanted.length === 0) return byAudience;
    const rows: ReachedRow[] = await manager.query(
      `WITH wanted AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[])
           AS w(audience, kind, tier, subscribers)
       ), covering AS (
         -- The groups that cover the incident, per audience.
         SELECT w.audience, g.id AS group_id
           FROM wanted w JOIN stakeholder_group g
             ON g.kind = w.kind
            AND (cardinality(g.services) = 0 OR g.services && $5::text[])
            AND (w.tier IS NULL OR g.support_tier = w.tier)
       )
       SELECT c.audience, 'person' AS kind, s.user_id AS id, s.name, s.email, s.locale, NULL::text AS format
         FROM covering c
         JOIN stakeholder_group_member m ON m.group_id = c.group_id
         JOIN stakeholder s ON s.id = m.stakeholder_id
       UNION
       SELECT w.audience, 'person', s.user_id, s.name, s.email, s.locale, NULL
         FROM wanted w
         JOIN service_subscription ss ON w.subscribers AND ss.service = ANY($5::text[])
         JOIN stakeholder s ON s.id = ss.stakeholder_id
       UNION
       SELECT c.audience, 'webhook', e.id::text, e.name, NULL, NULL, e.format
         FROM covering c JOIN webhook_endpoint e ON e.group_id = c.group_id AND e.enabled
       ORDER BY name, id`,
      [
        wanted.map((w) => w.audience),
        wanted.map((w) => w.kind),
        wanted.map((w) => w.tier),
        wanted.map((w) => w.subscribers),
        services,
      ],
    );
    for (const { audience } of wanted) {
      const mine = rows.filter((row) => row.audience === audience);
      byAudience.set(audience, [
        ...mine
          .filter((row) => row.kind === 'person')
          .map((row): Recipient => ({
            kind: 'person',
            userId: row.id,
            name: row.name,
            email: row.email,
            locale: row.locale ?? this.defaultLocale,
          }))
          .sort(byNameThenUserId),
        ...mine
          .filter((row) => row.kind === 'webhook')
          .map((row): Recipient => ({
            kind: 'webhook',
            endpointId: row.id,
            name: row.name,
            format: row.format ?? 'GENERIC',
            locale: this.defaultLocale,
          })),
      ]);
    }
    return byAudience;
  }

  /** People named by the incident, with the language (and missing email) of their directory record. */
  private async incidentPeople(
    manager: EntityManager,
    named: ReadonlyMap<NotificationAudience, readonly IncidentPerson[]>,
  ): Promise<Map<NotificationAudience, Recipient[]>> {
    const byAudience = new Map<NotificationAudience, Recipient[]>();
    const userIds = [...new Set([...named.values()].flat().map((person) => person.userId))];
    if (userIds.length === 0) return byAudience;
    const records: Array<{ user_id: string; email: string | null; locale: Locale }> = await manager.query(
      `SELECT user_id, email, locale FROM stakeholder WHERE user_id = ANY($1::text[])`,
      [userIds],
    );
    const byUserId = new Map(records.map((record) => [record.user_id, record]));
    for (const [audience, people] of named) {
      const unique = [...new Map(people.map((person) => [person.userId, person])).values()];
      byAudience.set(
        audience,
        unique.map((person): Recipient => {
          const record = byUserId.get(person.userId);
          return {
            kind: 'person',
            userId: person.userId,
            name: person.name,
            email: person.email ?? record?.email ?? null,
            locale: record?.locale ?? this.defaultLocale,
          };
        }),
      );
    }
    return byAudience;
  }
}

/** A group audience as the query takes it: the kind of groups, their tier (NEXT_TIER), subscribers too (USERS). */
interface GroupAudience {
  audience: NotificationAudience;
  kind: StakeholderKind;
  tier: SupportTier | null;
  subscribers: boolean;
}

interface ReachedRow {
  audience: NotificationAudience;
  kind: 'person' | 'webhook';
  /** The person's user id, or the webhook endpoint's id. */
  id: string;
  name: string;
  email: string | null;
  locale: Locale | null;
  format: WebhookFormat | null;
}

function byNameThenUserId(a: Recipient, b: Recipient): number {
  if (a.kind !== 'person' || b.kind !== 'person') return 0;
  return a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId);
}
