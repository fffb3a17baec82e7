import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ChangeImpact, ChangeRisk } from '../change-request/change-request.domain';

/** An entry of the standard change catalogue. Retired entries stay: changes made from them refer to them. */
@Entity({ name: 'standard_change_template' })
export class StandardChangeTemplate {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  description!: string;

  @Column({ name: 'implementation_plan', type: 'text' })
  implementationPlan!: string;

  @Column({ name: 'rollback_plan', type: 'text' })
  rollbackPlan!: string;

  @Column({ name: 'test_plan', type: 'text', nullable: true })
  testPlan!: string | null;

  @Column('text')
  risk!: ChangeRisk;

  @Column('text')
  impact!: ChangeImpact;

  @Column({ name: 'created_by_id', type: 'text' })
  createdById!: string;

  @Column('int')
  version!: number;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
