import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A major incident's conference bridge and war room (modules/war-room); one row per incident. */
@Entity({ name: 'incident_rooms' })
export class IncidentRooms {
  @PrimaryColumn({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @Column({ name: 'bridge_url', type: 'text', nullable: true })
  bridgeUrl!: string | null;

  @Column({ name: 'bridge_dial_in', type: 'text', nullable: true })
  bridgeDialIn!: string | null;

  /** A place (building, room) or a virtual room's URL. */
  @Column({ name: 'war_room', type: 'text', nullable: true })
  warRoom!: string | null;

  @Column({ name: 'set_at', type: 'timestamptz' })
  setAt!: Date;

  /** Who set them last (a user id). */
  @Column({ name: 'set_by', type: 'text' })
  setBy!: string;
}
