import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { IncidentRelation } from './change-request.domain';

/** Link to an incident (owned by the incident service): the change fixes it, or caused it. */
@Entity({ name: 'change_request_incident' })
export class ChangeRequestIncident {
  @PrimaryColumn({ name: 'change_id', type: 'uuid' })
  changeId!: string;

  @PrimaryColumn({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @Column('text')
  relation!: IncidentRelation;

  @Column({ name: 'linked_at', type: 'timestamptz' })
  linkedAt!: Date;
}
