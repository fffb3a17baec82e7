import type { CommentVisibility } from '@mim/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One fact in an incident's history: what happened (kind + detail), who did it, when, and which service
 * recorded it. Written in the same transaction as the change it records; never updated.
 */
@Entity({ name: 'incident_timeline_entry' })
export class TimelineEntry {
  @PrimaryColumn('uuid')
  id!: string;

  /** Insertion order: the tie-breaker between entries of the same instant. */
  @Column({ type: 'bigint', generated: 'increment' })
  seq!: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  /**
   * Its place in the incident's timeline, 1, 2, 3... in commit order without gaps (allocated from
   * `incident.timeline_length` under the incident's row lock; see TimelineService.appendWithin).
   */
  @Column('int')
  position!: number;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column('text')
  kind!: string;

  @Column('text')
  summary!: string;

  @Column({ name: 'actor_id', type: 'text' })
  actorId!: string;

  @Column({ name: 'actor_name', type: 'text' })
  actorName!: string;

  /** The service or module that recorded it: `incident`, `intake`, `problem`, `change`. */
  @Column('text')
  source!: string;

  @Column('text')
  visibility!: CommentVisibility;

  @Column('jsonb')
  detail!: Record<string, unknown>;
}
