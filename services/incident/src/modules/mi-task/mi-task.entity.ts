import type { MiTaskStatus } from '@mim/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A task of a major incident's team (modules/mi-task); its own version, not the incident's. */
@Entity({ name: 'incident_task' })
export class MiTask {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @Column('text')
  title!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('text')
  status!: MiTaskStatus;

  @Column({ name: 'owner_id', type: 'text', nullable: true })
  ownerId!: string | null;

  @Column({ name: 'owner_name', type: 'text', nullable: true })
  ownerName!: string | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Who created it (a user id). */
  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  /** The due time whose overdue was announced (once per due time); null while none was. */
  @Column({ name: 'overdue_notified_for', type: 'timestamptz', nullable: true })
  overdueNotifiedFor!: Date | null;

  @Column('int')
  version!: number;
}
