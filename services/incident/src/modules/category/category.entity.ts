import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An entry of the configurable category catalogue: a top-level category (`parentId` null) or a
 * subcategory under one. Entries are retired, never deleted, so old incidents keep their category.
 */
@Entity({ name: 'category' })
export class Category {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  /** Stable lowercase code stored on incidents, unique among its siblings: `network`, `vpn`. */
  @Column('text')
  code!: string;

  @Column('text')
  name!: string;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
