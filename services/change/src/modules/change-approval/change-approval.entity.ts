import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ApprovalDecision } from '../change-request/change-request.domain';

/** One approver's decision on a change; the key makes it one per approver and change. */
@Entity({ name: 'change_approval' })
export class ChangeApproval {
  @PrimaryColumn({ name: 'change_id', type: 'uuid' })
  changeId!: string;

  @PrimaryColumn({ name: 'approver_id', type: 'text' })
  approverId!: string;

  @Column('text')
  decision!: ApprovalDecision;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  /** Cast by a change manager (the accountable approver). */
  @Column({ name: 'by_change_manager', type: 'boolean' })
  byChangeManager!: boolean;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt!: Date;
}
