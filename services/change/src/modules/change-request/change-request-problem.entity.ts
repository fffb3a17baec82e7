import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Link to a problem (owned by the problem service) whose root cause the change removes. */
@Entity({ name: 'change_request_problem' })
export class ChangeRequestProblem {
  @PrimaryColumn({ name: 'change_id', type: 'uuid' })
  changeId!: string;

  @PrimaryColumn({ name: 'problem_id', type: 'uuid' })
  problemId!: string;

  @Column({ name: 'linked_at', type: 'timestamptz' })
  linkedAt!: Date;
}
