import { Column, Entity, PrimaryColumn } from 'typeorm';
import type {
  Locale,
  NotificationAudience,
  NotificationChannel,
  NotificationStatus,
  NotificationTrigger,
} from './notification.vocabulary';

/**
 * A delivery: the audit trail that someone was told, and, for email and webhooks, the work item of
 * sending it (status, attempts, next attempt, lease).
 */
@Entity({ name: 'notification' })
export class Notification {
  @PrimaryColumn('uuid')
  id!: string;

  /** The user id of the person told; `webhook:<endpoint id>` for a webhook call. */
  @Column({ name: 'recipient_id', type: 'text' })
  recipientId!: string;

  @Column({ name: 'recipient_name', type: 'text', nullable: true })
  recipientName!: string | null;

  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId!: string | null;

  @Column('text')
  channel!: NotificationChannel;

  @Column('text')
  status!: NotificationStatus;

  @Column('text')
  subject!: string;

  /** The plain-text message (the email's text part; the webhook's text). */
  @Column('text')
  body!: string;

  /** The email address, or the webhook endpoint's id; null in-app. */
  @Column({ type: 'text', nullable: true })
  destination!: string | null;

  @Column({ name: 'webhook_endpoint_id', type: 'uuid', nullable: true })
  webhookEndpointId!: string | null;

  /** The event (or timer) that caused it; with recipient and channel, unique. */
  @Column({ name: 'source_event_id', type: 'uuid' })
  sourceEventId!: string;

  @Column({ name: 'source_event_type', type: 'text', nullable: true })
  sourceEventType!: string | null;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId!: string | null;

  @Column({ name: 'rule_id', type: 'uuid', nullable: true })
  ruleId!: string | null;

  @Column({ type: 'text', nullable: true })
  audience!: NotificationAudience | null;

  @Column({ type: 'text', nullable: true })
  template!: NotificationTrigger | null;

  @Column('text')
  locale!: Locale;

  /** The rendered message as sent: `{ html }` for an email, the JSON body for a webhook. */
  @Column({ type: 'jsonb', nullable: true })
  payload!: Record<string, unknown> | null;

  @Column('integer')
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ name: 'dead_lettered_at', type: 'timestamptz', nullable: true })
  deadLetteredAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}
