import { Column, Entity, PrimaryColumn } from 'typeorm';
import type {
  NotificationAudience,
  NotificationChannel,
  NotificationTrigger,
} from '../notification/notification.vocabulary';

/** Who hears what: on a trigger, when the conditions hold, these audiences through these channels. */
@Entity({ name: 'notification_rule' })
export class NotificationRule {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  trigger!: NotificationTrigger;

  /** Conditions; an empty list matches anything. */
  @Column({ type: 'text', array: true })
  priorities!: string[];

  @Column({ name: 'major_only', type: 'boolean' })
  majorOnly!: boolean;

  @Column({ type: 'text', array: true })
  services!: string[];

  @Column({ type: 'text', array: true })
  categories!: string[];

  @Column({ type: 'text', array: true })
  audiences!: NotificationAudience[];

  @Column({ type: 'text', array: true })
  channels!: NotificationChannel[];

  /** Which message: templates exist per trigger, audience and language. */
  @Column('text')
  template!: NotificationTrigger;

  @Column('boolean')
  enabled!: boolean;

  @Column('integer')
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
