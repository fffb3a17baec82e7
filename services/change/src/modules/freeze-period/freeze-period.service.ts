import { randomUUID } from 'node:crypto';
import { type Caller, requireRole } from '@mim/auth';
import { type RequestMeta, isUuid, parseInput } from '@mim/service-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { catalogueManagerRoles, isStaff } from '../change-request/change-request.access';
import type { TimeWindow } from '../change-request/planned-window';
import { assertFreezeVersion, defineFreeze, reviseFreeze } from './freeze-period.domain';
import { FreezePeriod } from './freeze-period.entity';
import { freezePeriodNotFound } from './freeze-period.errors';
import {
  createFreezePeriodInput,
  deleteFreezePeriodArgs,
  freezePeriodListArgs,
  updateFreezePeriodInput,
} from './freeze-period.input';

/** The most a list returns: freezes are a handful a year; narrow with from/to beyond that. */
const listLimit = 500;

/** Freeze periods of the change calendar: read by staff, managed by the change manager (and admins). */
export class FreezePeriodService {
  constructor(private readonly dataSource: DataSource) {}

  /** Earliest first; those overlapping [from, to) when given. Nothing for callers who are not staff. */
  async list(caller: Caller, rawArgs: unknown): Promise<FreezePeriod[]> {
    const args = parseInput(freezePeriodListArgs, rawArgs);
    if (!isStaff(caller)) return [];
    const query = this.dataSource.getRepository(FreezePeriod).createQueryBuilder('freeze');
    if (args.from) query.andWhere('freeze.ends_at > :from', { from: args.from });
    if (args.to) query.andWhere('freeze.starts_at < :to', { to: args.to });
    return query.orderBy('freeze.starts_at', 'ASC').addOrderBy('freeze.id', 'ASC').take(listLimit).getMany();
  }

  async findVisible(caller: Caller, id: string): Promise<FreezePeriod | null> {
    if (!isStaff(caller) || !isUuid(id)) return null;
    return this.dataSource.getRepository(FreezePeriod).findOneBy({ id });
  }

  /** The freezes whose period overlaps the window, in the caller's transaction (submission, scheduling). */
  overlapping(manager: EntityManager, window: TimeWindow): Promise<FreezePeriod[]> {
    return manager
      .getRepository(FreezePeriod)
      .createQueryBuilder('freeze')
      .where('freeze.starts_at < :end AND freeze.ends_at > :start', window)
      .orderBy('freeze.starts_at', 'ASC')
      .getMany();
  }

  async create(meta: RequestMeta, rawInput: unknown): Promise<FreezePeriod> {
    requireRole(meta.caller, ...catalogueManagerRoles);
    const input = parseInput(createFreezePeriodInput, rawInput);
    const fields = defineFreeze(input);
    const now = new Date();
    const freeze = this.dataSource.getRepository(FreezePeriod).create({
      ...fields,
      services: [...fields.services],
      id: randomUUID(),
      createdById: meta.caller.subject,
      createdAt: now,
      updatedAt: now,
    });
    await this.dataSource.getRepository(FreezePeriod).insert(freeze);
    return freeze;
  }

  async update(meta: RequestMeta, rawInput: unknown): Promise<FreezePeriod> {
    requireRole(meta.caller, ...catalogueManagerRoles);
    const input = parseInput(updateFreezePeriodInput, rawInput);
    return this.dataSource.transaction(async (manager) => {
      const freeze = await this.lock(manager, input.id);
      const revised = reviseFreeze(freeze, input.expectedVersion, {
        name: input.name ?? undefined,
        start: input.start ?? undefined,
        end: input.end ?? undefined,
        services: input.services ?? undefined,
      });
      const changes = {
        name: revised.name,
        start: revised.start,
        end: revised.end,
        services: [...revised.services],
        version: revised.version,
        updatedAt: new Date(),
      };
      await manager.update(FreezePeriod, { id: freeze.id }, changes);
      return manager.create(FreezePeriod, { ...freeze, ...changes });
    });
  }

  /** Deletes a freeze period; returns its id. Changes it held back may then be submitted or scheduled. */
  async delete(meta: RequestMeta, rawArgs: unknown): Promise<string> {
    requireRole(meta.caller, ...catalogueManagerRoles);
    const args = parseInput(deleteFreezePeriodArgs, rawArgs);
    return this.dataSource.transaction(async (manager) => {
      const freeze = await this.lock(manager, args.id);
      assertFreezeVersion(freeze, args.expectedVersion);
      await manager.delete(FreezePeriod, { id: freeze.id });
      return freeze.id;
    });
  }

  private async lock(manager: EntityManager, id: string): Promise<FreezePeriod> {
    if (!isUuid(id)) throw freezePeriodNotFound(id);
    const freeze = await manager
      .getRepository(FreezePeriod)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!freeze) throw freezePeriodNotFound(id);
    return freeze;
  }
}
