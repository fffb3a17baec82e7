import type { StatusAudience } from '@mim/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A status update of a major incident to some of the four audiences; never edited. */
@Entity({ name: 'incident_status_update' })
export class StatusUpdate {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @Column({ type: 'text', array: true })
  audiences!: StatusAudience[];

  @Column('text')
  impact!: string;

  @Column({ name: 'current_status', type: 'text' })
  currentStatus!: string;

  @Column('text', { nullable: true })
  actions!: string | null;

  @Column({ name: 'next_update_due_at', type: 'timestamptz', nullable: true })
  nextUpdateDueAt!: Date | null;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;

  @Column({ name: 'published_by_id', type: 'text' })
  publishedById!: string;

  @Column({ name: 'published_by_name', type: 'text' })
  publishedByName!: string;
}
