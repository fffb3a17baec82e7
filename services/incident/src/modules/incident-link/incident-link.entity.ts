import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A related incident linked to its major incident (the parent); one row per child. */
@Entity({ name: 'incident_link' })
export class IncidentLink {
  @PrimaryColumn({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Column({ name: 'parent_id', type: 'uuid' })
  parentId!: string;

  @Column({ name: 'linked_at', type: 'timestamptz' })
  linkedAt!: Date;

  /** Who linked it (a user id, or a system component). */
  @Column({ name: 'linked_by', type: 'text' })
  linkedBy!: string;
}
