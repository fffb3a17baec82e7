import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Many-to-many link: the incidents a problem is the (potential) cause of. Incidents live elsewhere. */
@Entity({ name: 'problem_incident' })
export class ProblemIncident {
  @PrimaryColumn({ name: 'problem_id', type: 'uuid' })
  problemId!: string;

  @PrimaryColumn({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @Column({ name: 'linked_at', type: 'timestamptz' })
  linkedAt!: Date;

  /** Link order (a sequence), so incidents linked together keep the order they were given in. */
  @Column({ type: 'bigint', insert: false, update: false, select: false })
  seq!: string;
}
