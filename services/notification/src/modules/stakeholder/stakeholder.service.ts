import { randomUUID } from 'node:crypto';
import type { Caller } from '@mim/auth';
import { isUuid, parseInput, recordIdArg } from '@mim/service-kit';
import { type DataSource, type EntityManager, In, QueryFailedError } from 'typeorm';
import type { Locale } from '../notification/notification.vocabulary';
import { canReadStakeholder, requireDirectoryManager, requireDirectoryReader } from './stakeholder.access';
import {
  ServiceSubscription,
  Stakeholder,
  StakeholderGroup,
  StakeholderGroupMember,
} from './stakeholder.entity';
import {
  stakeholderGroupChanged,
  stakeholderGroupNameTaken,
  stakeholderGroupNotFound,
  unknownStakeholders,
} from './stakeholder.errors';
import {
  groupMembersArgs,
  groupsFilterArgs,
  removeGroupMemberArgs,
  saveStakeholderInput,
  stakeholderGroupInput,
  subscribeArgs,
  unsubscribeArgs,
  updateStakeholderGroupArgs,
  userIdInput,
} from './stakeholder.input';

/**
 * The stakeholder directory's use cases: the four kinds of groups, the people in them with their contact
 * points, and the services people subscribe to. Reads are for staff; changes for the directory's
 * managers (stakeholder.access.ts), except each person's own subscriptions.
 */
export class StakeholderService {
  constructor(
    private readonly dataSource: DataSource,
    /** The language of a person who never chose one (NOTIFICATION_DEFAULT_LANGUAGE). */
    private readonly defaultLocale: Locale,
  ) {}

  async groups(caller: Caller, rawArgs: unknown): Promise<StakeholderGroup[]> {
    requireDirectoryReader(caller);
    const { kind } = parseInput(groupsFilterArgs, rawArgs);
    return this.dataSource.getRepository(StakeholderGroup).find({
      where: kind ? { kind } : {},
      order: { name: 'ASC', id: 'ASC' },
    });
  }

  /** Null when the id is unknown or malformed. */
  async group(caller: Caller, rawId: unknown): Promise<StakeholderGroup | null> {
    requireDirectoryReader(caller);
    const id = parseInput(recordIdArg, rawId);
    if (!isUuid(id)) return null;
    return this.dataSource.getRepository(StakeholderGroup).findOneBy({ id });
  }

  /** Staff read anyone's record, anyone else their own; null otherwise, as when there is none. */
  async stakeholder(caller: Caller, rawUserId: unknown): Promise<Stakeholder | null> {
    const userId = parseInput(userIdInput, rawUserId);
    if (!canReadStakeholder(caller, userId)) return null;
    return this.dataSource.getRepository(Stakeholder).findOneBy({ userId });
  }

  /** The services the caller subscribed to, by name. */
  async mySubscriptions(caller: Caller): Promise<string[]> {
    const rows: Array<{ service: string }> = await this.dataSource.query(
      `SELECT ss.service FROM service_subscription ss JOIN stakeholder s ON s.id = ss.stakeholder_id
        WHERE s.user_id = $1 ORDER BY ss.service`,
      [caller.subject],
    );
    return rows.map((row) => row.service);
  }

  async createGroup(caller: Caller, rawInput: unknown): Promise<StakeholderGroup> {
    requireDirectoryManager(caller);
    const input = parseInput(stakeholderGroupInput, rawInput);
    return this.dataSource.transaction(async (manager) => {
      await assertNameFree(manager, input.name, null);
      const now = new Date();
      const group = manager.create(StakeholderGroup, {
        id: randomUUID(),
        ...input,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await insertOrNameTaken(manager, group);
      return group;
    });
  }

  /** Replaces the group's fields if the caller read its latest version (CONFLICT otherwise). */
  async updateGroup(caller: Caller, rawArgs: unknown): Promise<StakeholderGroup> {
    requireDirectoryManager(caller);
    const { id, expectedVersion, input } = parseInput(updateStakeholderGroupArgs, rawArgs);
    if (!isUuid(id)) throw stakeholderGroupNotFound(id);
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(StakeholderGroup);
      const group = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!group) throw stakeholderGroupNotFound(id);
      if (group.version !== expectedVersion) throw stakeholderGroupChanged(expectedVersion, group.version);
      await assertNameFree(manager, input.name, id);
      Object.assign(group, input, { version: group.version + 1, updatedAt: new Date() });
      try {
        await repository.update({ id }, { ...input, version: group.version, updatedAt: group.updatedAt });
      } catch (error) {
        if (isUniqueViolation(error)) throw stakeholderGroupNameTaken(input.name);
        throw error;
      }
      return group;
    });
  }

  /** Deletes a group with its memberships and webhook endpoints (the people stay); returns its id. */
  async deleteGroup(caller: Caller, rawId: unknown): Promise<string> {
    requireDirectoryManager(caller);
    const id = parseInput(recordIdArg, rawId);
    if (!isUuid(id)) throw stakeholderGroupNotFound(id);
    const result = await this.dataSource.getRepository(StakeholderGroup).delete({ id });
    if (!result.affected) throw stakeholderGroupNotFound(id);
    return id.toLowerCase();
  }

  /** Creates or updates a person by user id. */
  async saveStakeholder(caller: Caller, rawInput: unknown): Promise<Stakeholder> {
    requireDirectoryManager(caller);
    const input = parseInput(saveStakeholderInput, rawInput);
    return this.dataSource.transaction((manager) =>
      this.upsertPerson(manager, { ...input, keepEmailWhenNull: false }),
    );
  }

  /** Adds people (by user id, already in the directory) to a group; members already there stay. */
  async addMembers(caller: Caller, rawArgs: unknown): Promise<StakeholderGroup> {
    requireDirectoryManager(caller);
    const { groupId, userIds } = parseInput(groupMembersArgs, rawArgs);
    if (!isUuid(groupId)) throw stakeholderGroupNotFound(groupId);
    return this.dataSource.transaction(async (manager) => {
      const group = await manager.getRepository(StakeholderGroup).findOneBy({ id: groupId });
      if (!group) throw stakeholderGroupNotFound(groupId);
      const people = await manager.getRepository(Stakeholder).findBy({ userId: In(userIds) });
      const known = new Set(people.map((person) => person.userId));
      const unknown = userIds.filter((userId) => !known.has(userId));
      if (unknown.length > 0) throw unknownStakeholders(unknown);
      await manager
        .createQueryBuilder()
        .insert()
        .into(StakeholderGroupMember)
        .values(people.map((person) => ({ groupId: group.id, stakeholderId: person.id })))
        .orIgnore()
        .execute();
      return group;
    });
  }

  /** Removes a person from a group; removing someone who is not a member changes nothing. */
  async removeMember(caller: Caller, rawArgs: unknown): Promise<StakeholderGroup> {
    requireDirectoryManager(caller);
    const { groupId, userId } = parseInput(removeGroupMemberArgs, rawArgs);
    if (!isUuid(groupId)) throw stakeholderGroupNotFound(groupId);
    return this.dataSource.transaction(async (manager) => {
      const group = await manager.getRepository(StakeholderGroup).findOneBy({ id: groupId });
      if (!group) throw stakeholderGroupNotFound(groupId);
      await manager.query(
        `DELETE FROM stakeholder_group_member m USING stakeholder s
          WHERE m.stakeholder_id = s.id AND m.group_id = $1 AND s.user_id = $2`,
        [group.id, userId],
      );
      return group;
    });
  }

  /**
   * Self-service, for anyone signed in: the caller's record is created or updated from their token (name,
   * and email when the token has one) and the services are added to their subscriptions.
   */
  async subscribe(caller: Caller, rawArgs: unknown): Promise<Stakeholder> {
    const { services, language } = parseInput(subscribeArgs, rawArgs);
    return this.dataSource.transaction(async (manager) => {
      const person = await this.upsertPerson(manager, {
        userId: caller.subject,
        name: caller.name.trim() || caller.subject,
        email: caller.email,
        language,
        keepEmailWhenNull: true,
      });
      await manager.query(
        `INSERT INTO service_subscription (stakeholder_id, service, created_at)
         SELECT $1, service, now() FROM unnest($2::text[]) AS service
         ON CONFLICT DO NOTHING`,
        [person.id, services],
      );
      return person;
    });
  }

  /** Drops some of the caller's subscriptions; returns the ones left. */
  async unsubscribe(caller: Caller, rawArgs: unknown): Promise<string[]> {
    const { services } = parseInput(unsubscribeArgs, rawArgs);
    await this.dataSource.query(
      `DELETE FROM service_subscription ss USING stakeholder s
        WHERE ss.stakeholder_id = s.id AND s.user_id = $1 AND ss.service = ANY($2::text[])`,
      [caller.subject, services],
    );
    return this.mySubscriptions(caller);
  }

  /** The members of several groups, by name, in the order asked (DataLoader). */
  async membersOfGroups(groupIds: readonly string[]): Promise<Stakeholder[][]> {
    const rows: Array<{ group_id: string } & StakeholderRow> = groupIds.length
      ? await this.dataSource.query(
          `SELECT m.group_id, s.* FROM stakeholder_group_member m JOIN stakeholder s ON s.id = m.stakeholder_id
            WHERE m.group_id = ANY($1::uuid[]) ORDER BY s.name, s.user_id`,
          [groupIds],
        )
      : [];
    return groupBy(
      groupIds,
      rows,
      (row) => row.group_id,
      (row) => this.personFromRow(row),
    );
  }

  /** The groups of several people (stakeholder ids), by name, in the order asked (DataLoader). */
  async groupsOfStakeholders(stakeholderIds: readonly string[]): Promise<StakeholderGroup[][]> {
    if (stakeholderIds.length === 0) return [];
    const memberships = await this.dataSource
      .getRepository(StakeholderGroupMember)
      .findBy({ stakeholderId: In([...stakeholderIds]) });
    const groups = memberships.length
      ? await this.dataSource.getRepository(StakeholderGroup).find({
          where: { id: In([...new Set(memberships.map((membership) => membership.groupId))]) },
          order: { name: 'ASC', id: 'ASC' },
        })
      : [];
    return stakeholderIds.map((stakeholderId) => {
      const mine = new Set(
        memberships.filter((m) => m.stakeholderId === stakeholderId).map((m) => m.groupId),
      );
      return groups.filter((group) => mine.has(group.id));
    });
  }

  /** The services several people (stakeholder ids) subscribed to, by name, in the order asked. */
  async subscriptionsOf(stakeholderIds: readonly string[]): Promise<string[][]> {
    const rows = stakeholderIds.length
      ? await this.dataSource.getRepository(ServiceSubscription).find({
          where: { stakeholderId: In([...stakeholderIds]) },
          order: { service: 'ASC' },
        })
      : [];
    return groupBy(
      stakeholderIds,
      rows,
      (row) => row.stakeholderId,
      (row) => row.service,
    );
  }

  private async upsertPerson(
    manager: EntityManager,
    person: {
      userId: string;
      name: string;
      email: string | null;
      language: Locale | null;
      /** Self-service: a token without an email does not erase the address an admin recorded. */
      keepEmailWhenNull: boolean;
    },
  ): Promise<Stakeholder> {
    await manager.query(
      `INSERT INTO stakeholder (id, user_id, name, email, locale, created_at, updated_at)
       VALUES ($1, $2, $3, $4, COALESCE($5, $6), now(), now())
       ON CONFLICT (user_id) DO UPDATE SET
         name = EXCLUDED.name,
         email = CASE WHEN $7 THEN COALESCE(EXCLUDED.email, stakeholder.email) ELSE EXCLUDED.email END,
         locale = COALESCE($5, stakeholder.locale),
         updated_at = now()`,
      [
        randomUUID(),
        person.userId,
        person.name,
        person.email,
        person.language,
        this.defaultLocale,
        person.keepEmailWhenNull,
      ],
    );
    return manager.getRepository(Stakeholder).findOneByOrFail({ userId: person.userId });
  }

  private personFromRow(row: StakeholderRow): Stakeholder {
    return this.dataSource.getRepository(Stakeholder).create({
      id: row.id,
      userId: row.user_id,
      name: row.name,
      email: row.email,
      locale: row.locale,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
  }
}

interface StakeholderRow {
  id: string;
  user_id: string;
  name: string;
  email: string | null;
  locale: Locale;
  created_at: Date;
  updated_at: Date;
}

/** Case-insensitive, like the unique index on lower(name). */
async function assertNameFree(manager: EntityManager, name: string, exceptId: string | null): Promise<void> {
  const rows: unknown[] = await manager.query(
    `SELECT 1 FROM stakeholder_group WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2::uuid`,
    [name, exceptId],
  );
  if (rows.length > 0) throw stakeholderGroupNameTaken(name);
}

/** Two managers creating the same name at once: the unique index decides. */
async function insertOrNameTaken(manager: EntityManager, group: StakeholderGroup): Promise<void> {
  try {
    await manager.getRepository(StakeholderGroup).insert(group);
  } catch (error) {
    if (isUniqueViolation(error)) throw stakeholderGroupNameTaken(group.name);
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: string } | undefined)?.code === '23505'
  );
}

function groupBy<TRow, TValue>(
  keys: readonly string[],
  rows: readonly TRow[],
  keyOf: (row: TRow) => string,
  valueOf: (row: TRow) => TValue,
): TValue[][] {
  const byKey = new Map<string, TValue[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const values = byKey.get(key);
    if (values) values.push(valueOf(row));
    else byKey.set(key, [valueOf(row)]);
  }
  return keys.map((key) => byKey.get(key) ?? []);
}
