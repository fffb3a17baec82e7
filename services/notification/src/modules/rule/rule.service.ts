import { randomUUID } from 'node:crypto';
import type { Caller } from '@mim/auth';
import { isUuid, parseInput, recordIdArg } from '@mim/service-kit';
import { type DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import type { NotificationTrigger } from '../notification/notification.vocabulary';
import { requireRuleManager, requireRuleReader } from './rule.access';
import { NotificationRule } from './rule.entity';
import { ruleChanged, ruleNameTaken, ruleNotFound } from './rule.errors';
import { type RuleInput, ruleInput, rulesFilterArgs, updateRuleArgs } from './rule.input';

/**
 * The rules of who hears what, as data: read by staff and by the planner, changed by admins and
 * communications leads (rule.access.ts). The defaults come from migration 1763800000440.
 */
export class RuleService {
  constructor(private readonly dataSource: DataSource) {}

  /** The enabled rules of a trigger, in the planner's transaction (`enabledRulesFor`). */
  enabledRulesFor(manager: EntityManager, trigger: NotificationTrigger): Promise<NotificationRule[]> {
    return enabledRulesFor(manager, trigger);
  }

  /** Every rule, of one trigger if given, in the order `enabledRulesFor` applies them. */
  async rules(caller: Caller, rawArgs: unknown): Promise<NotificationRule[]> {
    requireRuleReader(caller);
    const { trigger } = parseInput(rulesFilterArgs, rawArgs);
    return this.dataSource.getRepository(NotificationRule).find({
      where: trigger ? { trigger } : {},
      order: { trigger: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
  }

  async create(caller: Caller, rawInput: unknown): Promise<NotificationRule> {
    requireRuleManager(caller);
    const input = parseInput(ruleInput, rawInput);
    return this.dataSource.transaction(async (manager) => {
      await assertNameFree(manager, input.name, null);
      const now = new Date();
      const rule = manager.create(NotificationRule, {
        id: randomUUID(),
        ...input,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await saveOrNameTaken(input, () => manager.getRepository(NotificationRule).insert(rule));
      return rule;
    });
  }

  /** Replaces the rule if the caller read its latest version (CONFLICT otherwise). */
  async update(caller: Caller, rawArgs: unknown): Promise<NotificationRule> {
    requireRuleManager(caller);
    const { id, expectedVersion, input } = parseInput(updateRuleArgs, rawArgs);
    if (!isUuid(id)) throw ruleNotFound(id);
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(NotificationRule);
      const rule = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!rule) throw ruleNotFound(id);
      if (rule.version !== expectedVersion) throw ruleChanged(expectedVersion, rule.version);
      await assertNameFree(manager, input.name, id);
      Object.assign(rule, input, { version: rule.version + 1, updatedAt: new Date() });
      await saveOrNameTaken(input, () =>
        repository.update({ id }, { ...input, version: rule.version, updatedAt: rule.updatedAt }),
      );
      return rule;
    });
  }

  /** Deletes a rule (disabling it, `enabled: false`, keeps it for later); returns its id. */
  async delete(caller: Caller, rawId: unknown): Promise<string> {
    requireRuleManager(caller);
    const id = parseInput(recordIdArg, rawId);
    if (!isUuid(id)) throw ruleNotFound(id);
    const result = await this.dataSource.getRepository(NotificationRule).delete({ id });
    if (!result.affected) throw ruleNotFound(id);
    return id.toLowerCase();
  }
}

/**
 * The enabled rules of a trigger, read in the caller's transaction (the planner's); `ruleMatches` then
 * keeps those whose conditions the incident meets. Oldest first, then by id: the planner lets the first
 * rule that reaches a recipient choose the message, so the order is stable (the defaults' fixed ids
 * order them as listed in their migration).
 */
export function enabledRulesFor(
  manager: EntityManager,
  trigger: NotificationTrigger,
): Promise<NotificationRule[]> {
  return manager.getRepository(NotificationRule).find({
    where: { trigger, enabled: true },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
}

/** Case-insensitive, like the unique index on lower(name). */
async function assertNameFree(manager: EntityManager, name: string, exceptId: string | null): Promise<void> {
  const rows: unknown[] = await manager.query(
    `SELECT 1 FROM notification_rule WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2::uuid`,
    [name, exceptId],
  );
  if (rows.length > 0) throw ruleNameTaken(name);
}

/** Two managers saving the same name at once: the unique index decides. */
async function saveOrNameTaken(input: RuleInput, save: () => Promise<unknown>): Promise<void> {
  try {
    await save();
  } catch (error) {
    if (isUniqueViolation(error)) throw ruleNameTaken(input.name);
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: string } | undefined)?.code === '23505'
  );
}
