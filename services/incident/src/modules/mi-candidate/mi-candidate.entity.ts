import type { MajorCandidateReason, MajorCandidateStatus } from '@mim/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A major incident candidate: a cluster of incidents waiting for a person to promote or dismiss it. */
@Entity({ name: 'major_incident_candidate' })
export class MajorIncidentCandidate {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  reason!: MajorCandidateReason;

  /** The affected service of the cluster, as the incidents name it; null when they name none. */
  @Column('text', { nullable: true })
  service!: string | null;

  /** What makes two raises the same cluster (`service:<name>`, `text:<id>`, `alert:<id>`); one OPEN per key. */
  @Column({ name: 'cluster_key', type: 'text' })
  clusterKey!: string;

  @Column('text')
  status!: MajorCandidateStatus;

  @Column({ name: 'raised_at', type: 'timestamptz' })
  raisedAt!: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decided_by_id', type: 'text', nullable: true })
  decidedById!: string | null;

  @Column({ name: 'decided_by_name', type: 'text', nullable: true })
  decidedByName!: string | null;

  @Column({ name: 'dismiss_reason', type: 'text', nullable: true })
  dismissReason!: string | null;

  /** The major incident it was promoted to. */
  @Column({ name: 'major_incident_id', type: 'uuid', nullable: true })
  majorIncidentId!: string | null;

  @Column('int')
  version!: number;
}

/** An incident listed by a candidate; an incident is listed by at most one. */
@Entity({ name: 'major_incident_candidate_incident' })
export class CandidateListing {
  @PrimaryColumn({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @Column({ name: 'candidate_id', type: 'uuid' })
  candidateId!: string;

  @Column({ name: 'listed_at', type: 'timestamptz' })
  listedAt!: Date;
}
