import type { CommentVisibility } from '@mim/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A public comment (visible to the reporter) or an internal work note (staff only) on an incident. */
@Entity({ name: 'comment' })
export class Comment {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @Column('text')
  visibility!: CommentVisibility;

  @Column('text')
  body!: string;

  @Column({ name: 'author_id', type: 'text' })
  authorId!: string;

  @Column({ name: 'author_name', type: 'text' })
  authorName!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
