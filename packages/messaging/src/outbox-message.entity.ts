import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** An event waiting to be published, written in the same transaction as the state change it describes. */
@Entity({ name: 'outbox_message' })
@Index('outbox_message_unpublished_idx', ['position'], { where: 'published_at IS NULL' })
export class OutboxMessage {
  /** The event id, which is also the JetStream message id. */
  @PrimaryColumn('uuid')
  id!: string;

  /** Insertion order; the relay publishes in this order. */
  @Column({ type: 'bigint', generated: 'increment' })
  position!: string;

  /** Versioned subject relative to the deployment's prefix, e.g. `incident.created.v1`. */
  @Column('text')
  subject!: string;

  @Column('jsonb')
  envelope!: Record<string, unknown>;

  @Column('jsonb', { default: {} })
  headers!: Record<string, string>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column('int', { default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
