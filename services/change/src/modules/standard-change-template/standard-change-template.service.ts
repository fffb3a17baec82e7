import { randomUUID } from 'node:crypto';
import { type Caller, requireRole } from '@mim/auth';
import { type RequestMeta, isUuid, parseInput } from '@mim/service-kit';
import { type DataSource, type EntityManager, In, QueryFailedError } from 'typeorm';
import { catalogueManagerRoles, isStaff, requesterRoles } from '../change-request/change-request.access';
import type { ChangeRequest } from '../change-request/change-request.entity';
import type { ChangeRequestService } from '../change-request/change-request.service';
import { reviseTemplate, retireTemplate, standardChangeFrom } from './standard-change-template.domain';
import { StandardChangeTemplate } from './standard-change-template.entity';
import { duplicateTemplateName, templateNotFound } from './standard-change-template.errors';
import {
  createStandardChangeInput,
  createTemplateInput,
  retireTemplateArgs,
  templateListArgs,
  updateTemplateInput,
} from './standard-change-template.input';

/** The catalogue of standard change templates: managed by the change manager, read by staff. */
export class StandardChangeTemplateService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeRequestService,
  ) {}

  /** By name; retired ones only when asked. Nothing for callers who are not staff. */
  async list(caller: Caller, rawArgs: unknown): Promise<StandardChangeTemplate[]> {
    const args = parseInput(templateListArgs, rawArgs);
    if (!isStaff(caller)) return [];
    const query = this.dataSource.getRepository(StandardChangeTemplate).createQueryBuilder('template');
    if (!args.includeRetired) query.where('template.retired_at IS NULL');
    return query.orderBy('lower(template.name)', 'ASC').addOrderBy('template.id', 'ASC').getMany();
  }

  /** Batch lookup in the caller's scope, in the order asked (DataLoader). */
  async findVisibleByIds(
    caller: Caller,
    ids: readonly string[],
  ): Promise<Array<StandardChangeTemplate | null>> {
    const validIds = isStaff(caller) ? ids.filter(isUuid) : [];
    const found = validIds.length
      ? await this.dataSource.getRepository(StandardChangeTemplate).findBy({ id: In(validIds) })
      : [];
    return ids.map((id) => found.find((template) => template.id === id) ?? null);
  }

  async create(meta: RequestMeta, rawInput: unknown): Promise<StandardChangeTemplate> {
    requireRole(meta.caller, ...catalogueManagerRoles);
    const input = parseInput(createTemplateInput, rawInput);
    const now = new Date();
    const repository = this.dataSource.getRepository(StandardChangeTemplate);
    const template = repository.create({
      ...input,
      id: randomUUID(),
      createdById: meta.caller.subject,
      version: 1,
      retiredAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await assertNameFree(this.dataSource.manager, input.name, null);
    await saveUniquelyNamed(input.name, () => repository.insert(template));
    return template;
  }

  async update(meta: RequestMeta, rawInput: unknown): Promise<StandardChangeTemplate> {
    requireRole(meta.caller, ...catalogueManagerRoles);
    const { id, expectedVersion, ...patch } = parseInput(updateTemplateInput, rawInput);
    return this.dataSource.transaction(async (manager) => {
      const template = await lockTemplate(manager, id);
      const revised = reviseTemplate(template, expectedVersion, {
        name: patch.name ?? undefined,
        description: patch.description ?? undefined,
        implementationPlan: patch.implementationPlan ?? undefined,
        rollbackPlan: patch.rollbackPlan ?? undefined,
        testPlan: patch.testPlan,
        risk: patch.risk ?? undefined,
        impact: patch.impact ?? undefined,
      });
      const saved = manager.create(StandardChangeTemplate, { ...revised, updatedAt: new Date() });
      if (revised.name !== template.name) await assertNameFree(manager, revised.name, template.id);
      await saveUniquelyNamed(saved.name, () => manager.save(saved));
      return saved;
    });
  }

  /** Takes a template out of the catalogue (idempotent); changes made from it keep it. */
  async retire(meta: RequestMeta, rawArgs: unknown): Promise<StandardChangeTemplate> {
    requireRole(meta.caller, ...catalogueManagerRoles);
    const args = parseInput(retireTemplateArgs, rawArgs);
    return this.dataSource.transaction(async (manager) => {
      const template = await lockTemplate(manager, args.id);
      const retired = retireTemplate(template, args.expectedVersion, new Date());
      if (retired === template) return template;
      const saved = manager.create(StandardChangeTemplate, {
        ...retired,
        updatedAt: retired.retiredAt ?? new Date(),
      });
      await manager.save(saved);
      return saved;
    });
  }

  /**
   * A standard change drafted from an active template (its plans, risk and impact); pre-approved, it is
   * approved as soon as it is submitted. change.requested.v1 as for any change.
   */
  async createStandardChange(meta: RequestMeta, rawInput: unknown): Promise<ChangeRequest> {
    requireRole(meta.caller, ...requesterRoles);
    const { templateId, ...input } = parseInput(createStandardChangeInput, rawInput);
    return this.dataSource.transaction(async (manager) => {
      if (!isUuid(templateId)) throw templateNotFound(templateId);
      // Shared lock: the template cannot be retired or changed while the change is drafted from it.
      const template = await manager
        .getRepository(StandardChangeTemplate)
        .findOne({ where: { id: templateId }, lock: { mode: 'pessimistic_read' } });
      if (!template) throw templateNotFound(templateId);
      const raised = standardChangeFrom(meta.caller, template, input);
      return this.changes.createWithin(manager, meta, raised);
    });
  }
}

async function lockTemplate(manager: EntityManager, id: string): Promise<StandardChangeTemplate> {
  if (!isUuid(id)) throw templateNotFound(id);
  const template = await manager
    .getRepository(StandardChangeTemplate)
    .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!template) throw templateNotFound(id);
  return template;
}

/** BAD_USER_INPUT when another active template has the name (case-insensitive). */
async function assertNameFree(manager: EntityManager, name: string, exceptId: string | null): Promise<void> {
  const query = manager
    .getRepository(StandardChangeTemplate)
    .createQueryBuilder('template')
    .where('lower(template.name) = lower(:name) AND template.retired_at IS NULL', { name });
  if (exceptId) query.andWhere('template.id <> :exceptId', { exceptId });
  if (await query.getExists()) throw duplicateTemplateName(name);
}

/** Runs a write; two active templates with the same name at once (the unique index) is BAD_USER_INPUT too. */
async function saveUniquelyNamed(name: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (
      error instanceof QueryFailedError &&
      (error.driverError as { code?: string } | undefined)?.code === '23505'
    ) {
      throw duplicateTemplateName(name);
    }
    throw error;
  }
}
