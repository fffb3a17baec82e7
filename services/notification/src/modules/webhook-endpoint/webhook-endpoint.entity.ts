import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WebhookFormat } from '../notification/notification.vocabulary';

/** A stakeholder group's channel: signed JSON posted to a URL (Slack, Teams, or a receiver of ours). */
@Entity({ name: 'webhook_endpoint' })
export class WebhookEndpoint {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'group_id', type: 'uuid' })
  groupId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  url!: string;

  @Column('text')
  format!: WebhookFormat;

  /** The HMAC-SHA256 key; returned once by the API (creation, rotation), never read back. */
  @Column('text')
  secret!: string;

  @Column('boolean')
  enabled!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
