import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { NotificationChannel, NotificationStatus } from './notification.domain';

/** A delivery record: the audit trail that someone was told. */
@Entity({ name: 'notification' })
export class Notification {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'recipient_id', type: 'text' })
  recipientId!: string;

  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId!: string | null;

  @Column('text')
  channel!: NotificationChannel;

  @Column('text')
  status!: NotificationStatus;

  @Column('text')
  subject!: string;

  @Column('text')
  body!: string;

  /** The event that caused it; with recipient and channel, unique. */
  @Column({ name: 'source_event_id', type: 'uuid' })
  sourceEventId!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}
