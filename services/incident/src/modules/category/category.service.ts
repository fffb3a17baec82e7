import { randomUUID } from 'node:crypto';
import { type RequestMeta, isUuid, parseInput } from '@mim/service-kit';
import { type DataSource, type EntityManager, IsNull, QueryFailedError } from 'typeorm';
import { invalidFields } from '../incident/incident.errors';
import { requirePermission } from '../incident/incident.permissions';
import { categorySelectionProblems } from './category.domain';
import { Category } from './category.entity';
import { categoryNotFound, duplicateCategory, invalidParent } from './category.errors';
import { addCategoryInput, categoryIdArg } from './category.input';

/** The configurable category catalogue: read by everyone, changed by admins, checked at intake. */
export class CategoryService {
  constructor(private readonly dataSource: DataSource) {}

  /** The whole catalogue (a few hundred rows at most), by name; one read per request. */
  all(): Promise<Category[]> {
    return this.dataSource.getRepository(Category).find({ order: { name: 'ASC', code: 'ASC' } });
  }

  async add(meta: RequestMeta, rawInput: unknown): Promise<Category> {
    requirePermission(meta.caller, 'manageCategories');
    const input = parseInput(addCategoryInput, rawInput);
    const parentCode = input.parentCode ?? null;
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(Category);
      let parentId: string | null = null;
      if (parentCode !== null) {
        const parent = await repository.findOneBy({ code: parentCode, parentId: IsNull() });
        if (!parent) throw invalidParent(parentCode, 'is not a top-level category');
        if (parent.retiredAt) throw invalidParent(parentCode, 'is retired');
        parentId = parent.id;
      }
      const existing = await repository.findOneBy({ code: input.code, parentId: parentId ?? IsNull() });
      if (existing) throw duplicateCategory(input.code, parentCode);
      const category = repository.create({
        id: randomUUID(),
        parentId,
        code: input.code,
        name: input.name,
        retiredAt: null,
        createdAt: new Date(),
      });
      try {
        await repository.insert(category);
      } catch (error) {
        // Two admins adding the same code at once: the unique index decides.
        if (isUniqueViolation(error)) throw duplicateCategory(input.code, parentCode);
        throw error;
      }
      return category;
    });
  }

  /** Retires an entry (idempotent): incidents keep it, new ones cannot use it. */
  async retire(meta: RequestMeta, rawId: unknown): Promise<Category> {
    requirePermission(meta.caller, 'manageCategories');
    const id = parseInput(categoryIdArg, rawId);
    if (!isUuid(id)) throw categoryNotFound(id);
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(Category);
      const category = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!category) throw categoryNotFound(id);
      if (category.retiredAt === null) {
        category.retiredAt = new Date();
        await repository.update({ id }, { retiredAt: category.retiredAt });
      }
      return category;
    });
  }

  /** BAD_USER_INPUT unless the category and subcategory exist and are not retired. */
  async assertSelectable(
    manager: EntityManager,
    selection: { category: string | null; subcategory: string | null },
  ): Promise<void> {
    if (selection.category === null && selection.subcategory === null) return;
    const repository = manager.getRepository(Category);
    const category =
      selection.category !== null
        ? await repository.findOneBy({ code: selection.category, parentId: IsNull() })
        : null;
    const subcategory =
      category && selection.subcategory !== null
        ? await repository.findOneBy({ code: selection.subcategory, parentId: category.id })
        : null;
    const problems = categorySelectionProblems(selection, { category, subcategory });
    if (problems.length > 0) throw invalidFields(problems);
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: string } | undefined)?.code === '23505'
  );
}
