import type { MigrationInterface, QueryRunner } from 'typeorm';
import { notificationStatuses, sqlList } from '../modules/notification/notification.vocabulary';

/**
 * Deliveries that leave the service (email, webhooks) are sent after the event's transaction, with
 * retries: each row is its own work item (status, attempts, next attempt, lease) besides the audit trail.
 */
export class DeliveryAttempts1763800000410 implements MigrationInterface {
  name = 'DeliveryAttempts1763800000410';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE notification DROP CONSTRAINT notification_status_check`);
    await queryRunner.query(`
      ALTER TABLE notification
        ADD CONSTRAINT notification_status_check CHECK (status IN (${sqlList(notificationStatuses)})),
        -- What the recipient is called in a delivery log (a person's name, a webhook's name).
        ADD COLUMN recipient_name text,
        -- Where it went: the email address, or the webhook endpoint (its URL is read at send time).
        ADD COLUMN destination text,
        ADD COLUMN webhook_endpoint_id uuid,
        -- Why it was sent: the event type, the rule, the audience it was sent as, the template.
        ADD COLUMN source_event_type text,
        -- The request or event chain it belongs to, carried on to notification.sent.v1 and the logs.
        ADD COLUMN correlation_id text,
        ADD COLUMN rule_id uuid,
        ADD COLUMN audience text,
        ADD COLUMN template text,
        ADD COLUMN locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'fr')),
        -- The rendered message as sent: { html } for an email, the JSON body for a webhook.
        ADD COLUMN payload jsonb,
        ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        ADD COLUMN next_attempt_at timestamptz,
        -- A claimed attempt holds the row until then; a crashed sender's claim simply expires.
        ADD COLUMN locked_until timestamptz,
        ADD COLUMN last_error text,
        ADD COLUMN sent_at timestamptz,
        ADD COLUMN dead_lettered_at timestamptz`);
    // Every delivery so far was in-app, stored and therefore sent at once.
    await queryRunner.query(
      `UPDATE notification SET sent_at = created_at, attempts = 1 WHERE status = 'SENT'`,
    );
    await queryRunner.query(`ALTER TABLE notification ADD CONSTRAINT notification_pending_has_next_attempt
      CHECK (status <> 'PENDING' OR next_attempt_at IS NOT NULL)`);
    // The dispatcher's claim: due pending deliveries, earliest first.
    await queryRunner.query(
      `CREATE INDEX notification_due_idx ON notification (next_attempt_at) WHERE status = 'PENDING'`,
    );
    // The operators' list of dead letters, newest first.
    await queryRunner.query(
      `CREATE INDEX notification_dead_letter_idx ON notification (dead_lettered_at DESC, id DESC)
       WHERE status = 'DEAD_LETTERED'`,
    );
    // An inbox holds in-app deliveries only; emails and webhook calls to the same person are not in it.
    await queryRunner.query(`DROP INDEX notification_inbox_idx`);
    await queryRunner.query(`DROP INDEX notification_unread_idx`);
    await queryRunner.query(
      `CREATE INDEX notification_inbox_idx ON notification (recipient_id, created_at DESC, id DESC)
       WHERE channel = 'IN_APP'`,
    );
    await queryRunner.query(
      `CREATE INDEX notification_unread_idx ON notification (recipient_id, created_at DESC, id DESC)
       WHERE channel = 'IN_APP' AND read_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM notification WHERE channel <> 'IN_APP'`);
    await queryRunner.query(`DROP INDEX notification_dead_letter_idx`);
    await queryRunner.query(`DROP INDEX notification_due_idx`);
    await queryRunner.query(`DROP INDEX notification_unread_idx`);
    await queryRunner.query(`DROP INDEX notification_inbox_idx`);
    await queryRunner.query(`
      ALTER TABLE notification
        DROP CONSTRAINT notification_pending_has_next_attempt,
        DROP CONSTRAINT notification_status_check,
        DROP COLUMN recipient_name, DROP COLUMN destination, DROP COLUMN webhook_endpoint_id,
        DROP COLUMN source_event_type, DROP COLUMN correlation_id, DROP COLUMN rule_id, DROP COLUMN audience, DROP COLUMN template,
        DROP COLUMN locale, DROP COLUMN payload, DROP COLUMN attempts, DROP COLUMN next_attempt_at,
        DROP COLUMN locked_until, DROP COLUMN last_error, DROP COLUMN sent_at, DROP COLUMN dead_lettered_at`);
    await queryRunner.query(`UPDATE notification SET status = 'SENT'`);
    await queryRunner.query(
      `ALTER TABLE notification ADD CONSTRAINT notification_status_check CHECK (status IN ('SENT'))`,
    );
    await queryRunner.query(
      `CREATE INDEX notification_inbox_idx ON notification (recipient_id, created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX notification_unread_idx ON notification (recipient_id, created_at DESC, id DESC)
       WHERE read_at IS NULL`,
    );
  }
}
