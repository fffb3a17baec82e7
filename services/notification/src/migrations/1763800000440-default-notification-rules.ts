import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A default rule as seeded (frozen here: later edits go through the API, not through this file). */
interface DefaultRule {
  id: string;
  name: string;
  trigger: string;
  majorOnly: boolean;
  audiences: string[];
  channels: string[];
}

const rule = (
  number: number,
  name: string,
  trigger: string,
  audiences: string[],
  channels: string[],
  majorOnly = false,
): DefaultRule => ({
  id: `d5f0c0de-0000-4000-8000-${String(number).padStart(12, '0')}`,
  name,
  trigger,
  majorOnly,
  audiences,
  channels,
});

/**
 * DOMAIN.md's "inform four groups" as data: the technical team at once on declaration, management on
 * declaration and resolution, key stakeholders on every status update, users when a service they use is
 * impacted and when it is restored; plus what the reporter was told before rules existed (received,
 * resolved) and the escalation and overdue-update alerts. Each rule's template is its trigger.
 */
export const defaultNotificationRules: readonly DefaultRule[] = [
  rule(1, 'Reporter: report received', 'INCIDENT_CREATED', ['REPORTER'], ['IN_APP']),
  rule(
    2,
    'Technical team: major incident declared',
    'MAJOR_DECLARED',
    ['TECHNICAL_TEAM'],
    ['IN_APP', 'EMAIL', 'WEBHOOK'],
  ),
  rule(3, 'Management: major incident declared', 'MAJOR_DECLARED', ['MANAGEMENT'], ['IN_APP', 'EMAIL']),
  rule(4, 'Users: service impacted by a major incident', 'MAJOR_DECLARED', ['USERS'], ['IN_APP', 'EMAIL']),
  // The planner sends each update to the audiences it names, and always to key stakeholders.
  rule(
    5,
    'Status updates of major incidents',
    'STATUS_UPDATE_PUBLISHED',
    ['TECHNICAL_TEAM', 'MANAGEMENT', 'KEY_STAKEHOLDERS', 'USERS'],
    ['IN_APP', 'EMAIL', 'WEBHOOK'],
  ),
  rule(
    6,
    'Management: major incident resolved',
    'INCIDENT_RESOLVED',
    ['MANAGEMENT'],
    ['IN_APP', 'EMAIL'],
    true,
  ),
  rule(7, 'Reporter: incident resolved', 'INCIDENT_RESOLVED', ['REPORTER'], ['IN_APP']),
  rule(8, 'Users: service restored', 'SERVICE_RESTORED', ['USERS'], ['IN_APP', 'EMAIL']),
  rule(9, 'Users: major incident resolved', 'INCIDENT_RESOLVED', ['USERS'], ['IN_APP', 'EMAIL'], true),
  rule(
    10,
    'Next tier: first response overdue',
    'RESPONSE_OVERDUE',
    ['NEXT_TIER'],
    ['IN_APP', 'EMAIL', 'WEBHOOK'],
  ),
  rule(
    11,
    'Management: escalation still unacknowledged',
    'ESCALATED_TO_MANAGER',
    ['MANAGEMENT'],
    ['IN_APP', 'EMAIL'],
  ),
  rule(
    12,
    'Major incident manager and communications lead: status update overdue',
    'STATUS_UPDATE_OVERDUE',
    ['MAJOR_INCIDENT_MANAGER', 'COMMUNICATIONS_LEAD'],
    ['IN_APP', 'EMAIL'],
  ),
];

/** Seeds the default notification rules (fixed ids; editable and deletable afterwards). */
export class DefaultNotificationRules1763800000440 implements MigrationInterface {
  name = 'DefaultNotificationRules1763800000440';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const seeded of defaultNotificationRules) {
      await queryRunner.query(
        `INSERT INTO notification_rule (id, name, trigger, major_only, audiences, channels, template)
         VALUES ($1, $2, $3, $4, $5::text[], $6::text[], $3)
         ON CONFLICT (id) DO NOTHING`,
        [seeded.id, seeded.name, seeded.trigger, seeded.majorOnly, seeded.audiences, seeded.channels],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM notification_rule WHERE id = ANY($1::uuid[])`, [
      defaultNotificationRules.map((seeded) => seeded.id),
    ]);
  }
}
