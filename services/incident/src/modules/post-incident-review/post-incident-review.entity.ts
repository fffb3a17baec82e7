import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FollowUpAction, ReviewStatus } from './post-incident-review.domain';

/** The post-incident review of a major incident: one per incident. */
@Entity({ name: 'post_incident_review' })
export class PostIncidentReview {
  @PrimaryColumn({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @Column('text')
  status!: ReviewStatus;

  /** Optimistic-concurrency version of the review (the incident's own version does not move). */
  @Column('int')
  version!: number;

  @Column('text', { nullable: true })
  summary!: string | null;

  @Column('text', { nullable: true })
  impact!: string | null;

  @Column({ name: 'affected_services', type: 'text', array: true })
  affectedServices!: string[];

  @Column({ name: 'root_cause', type: 'text', nullable: true })
  rootCause!: string | null;

  @Column({ name: 'went_well', type: 'text', nullable: true })
  wentWell!: string | null;

  @Column({ name: 'went_badly', type: 'text', nullable: true })
  wentBadly!: string | null;

  @Column({ name: 'follow_ups', type: 'jsonb' })
  followUps!: FollowUpAction[];

  @Column({ name: 'started_by_id', type: 'text' })
  startedById!: string;

  @Column({ name: 'started_by_name', type: 'text' })
  startedByName!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ name: 'published_by_id', type: 'text', nullable: true })
  publishedById!: string | null;

  @Column({ name: 'published_by_name', type: 'text', nullable: true })
  publishedByName!: string | null;
}
