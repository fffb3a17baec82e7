import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A change freeze on the change calendar. */
@Entity({ name: 'freeze_period' })
export class FreezePeriod {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  start!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  end!: Date;

  /** The services it freezes; empty: every service. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  services!: string[];

  @Column({ name: 'created_by_id', type: 'text' })
  createdById!: string;

  @Column('int')
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
