import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Locale, StakeholderKind } from '../notification/notification.vocabulary';

/** One of the four kinds of stakeholder group, for some services (none listed: every service). */
@Entity({ name: 'stakeholder_group' })
export class StakeholderGroup {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  kind!: StakeholderKind;

  /** Technical teams only: the tier the team works at (escalation reaches the next tier's teams). */
  @Column({ name: 'support_tier', type: 'text', nullable: true })
  supportTier!: 'L1' | 'L2' | 'L3' | null;

  @Column({ type: 'text', array: true })
  services!: string[];

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column('integer')
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** A person to tell, with their contact points and language. */
@Entity({ name: 'stakeholder' })
export class Stakeholder {
  @PrimaryColumn('uuid')
  id!: string;

  /** The subject of their token: in-app deliveries go to this id. */
  @Column({ name: 'user_id', type: 'text' })
  userId!: string;

  @Column('text')
  name!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column('text')
  locale!: Locale;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'stakeholder_group_member' })
export class StakeholderGroupMember {
  @PrimaryColumn({ name: 'group_id', type: 'uuid' })
  groupId!: string;

  @PrimaryColumn({ name: 'stakeholder_id', type: 'uuid' })
  stakeholderId!: string;
}

/** A person who uses a service and wants to hear when it is impacted and restored. */
@Entity({ name: 'service_subscription' })
export class ServiceSubscription {
  @PrimaryColumn({ name: 'stakeholder_id', type: 'uuid' })
  stakeholderId!: string;

  @PrimaryColumn('text')
  service!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
