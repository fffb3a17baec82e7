import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per (consumer, event) already applied: the idempotency record of a consumer. */
@Entity({ name: 'inbox_message' })
export class InboxMessage {
  @PrimaryColumn('text')
  consumer!: string;

  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt!: Date;
}
