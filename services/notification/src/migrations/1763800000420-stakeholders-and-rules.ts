import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  locales,
  notificationAudiences,
  notificationChannels,
  notificationTriggers,
  sqlList,
  stakeholderKinds,
  webhookFormats,
} from '../modules/notification/notification.vocabulary';

/** Who hears what, as data: stakeholder groups and people, service subscriptions, webhooks and rules. */
export class StakeholdersAndRules1763800000420 implements MigrationInterface {
  name = 'StakeholdersAndRules1763800000420';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stakeholder_group (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN (${sqlList(stakeholderKinds)})),
        -- The tier a technical team works at; escalation reaches the teams of the next tier.
        support_tier text CHECK (support_tier IN ('L1', 'L2', 'L3')),
        -- The services the group cares about; empty: every service.
        services text[] NOT NULL DEFAULT '{}',
        description text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (support_tier IS NULL OR kind = 'TECHNICAL_TEAM')
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX stakeholder_group_name_idx ON stakeholder_group (lower(name))`,
    );
    await queryRunner.query(`CREATE INDEX stakeholder_group_kind_idx ON stakeholder_group (kind)`);

    // A person to tell and their contact points: in-app by user id, email when they have one.
    await queryRunner.query(`
      CREATE TABLE stakeholder (
        id uuid PRIMARY KEY,
        user_id text NOT NULL UNIQUE,
        name text NOT NULL,
        email text,
        locale text NOT NULL DEFAULT 'en' CHECK (locale IN (${sqlList(locales)})),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE stakeholder_group_member (
        group_id uuid NOT NULL REFERENCES stakeholder_group (id) ON DELETE CASCADE,
        stakeholder_id uuid NOT NULL REFERENCES stakeholder (id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, stakeholder_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX stakeholder_group_member_person_idx ON stakeholder_group_member (stakeholder_id)`,
    );
    // Who cares about which service: users told when a service they use is impacted and restored.
    await queryRunner.query(`
      CREATE TABLE service_subscription (
        stakeholder_id uuid NOT NULL REFERENCES stakeholder (id) ON DELETE CASCADE,
        service text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (stakeholder_id, service)
      )`);
    await queryRunner.query(
      `CREATE INDEX service_subscription_service_idx ON service_subscription (service)`,
    );

    // A group's channel (a Slack or Teams channel, an on-call tool): signed JSON to its URL.
    await queryRunner.query(`
      CREATE TABLE webhook_endpoint (
        id uuid PRIMARY KEY,
        group_id uuid NOT NULL REFERENCES stakeholder_group (id) ON DELETE CASCADE,
        name text NOT NULL,
        url text NOT NULL,
        format text NOT NULL CHECK (format IN (${sqlList(webhookFormats)})),
        -- The HMAC key; shown once at creation and on rotation, never read back through the API.
        secret text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX webhook_endpoint_group_idx ON webhook_endpoint (group_id)`);

    // Event and conditions -> audiences, channels, template. Empty condition lists match anything.
    await queryRunner.query(`
      CREATE TABLE notification_rule (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        trigger text NOT NULL CHECK (trigger IN (${sqlList(notificationTriggers)})),
        priorities text[] NOT NULL DEFAULT '{}'
          CHECK (priorities <@ ARRAY['P1', 'P2', 'P3', 'P4', 'P5']),
        major_only boolean NOT NULL DEFAULT false,
        services text[] NOT NULL DEFAULT '{}',
        categories text[] NOT NULL DEFAULT '{}',
        audiences text[] NOT NULL
          CHECK (cardinality(audiences) > 0 AND audiences <@ ARRAY[${sqlList(notificationAudiences)}]),
        channels text[] NOT NULL
          CHECK (cardinality(channels) > 0 AND channels <@ ARRAY[${sqlList(notificationChannels)}]),
        template text NOT NULL CHECK (template IN (${sqlList(notificationTriggers)})),
        enabled boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX notification_rule_name_idx ON notification_rule (lower(name))`,
    );
    await queryRunner.query(
      `CREATE INDEX notification_rule_trigger_idx ON notification_rule (trigger) WHERE enabled`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notification_rule`);
    await queryRunner.query(`DROP TABLE webhook_endpoint`);
    await queryRunner.query(`DROP TABLE service_subscription`);
    await queryRunner.query(`DROP TABLE stakeholder_group_member`);
    await queryRunner.query(`DROP TABLE stakeholder`);
    await queryRunner.query(`DROP TABLE stakeholder_group`);
  }
}
