import type { Caller } from '@mim/auth';
import { type Page, isUuid, newestFirstPage, parseInput } from '@mim/service-kit';
import { type DataSource, In, type SelectQueryBuilder } from 'typeorm';
import { isStaff } from './problem.access';
import { Problem } from './problem.entity';
import { type ProblemFilter, problemListArgs } from './problem.input';
import { ProblemIncident } from './problem-incident.entity';

/** Reads of problems, always within what the caller may see (staff: all; anyone else: nothing). */
export class ProblemQueryService {
  constructor(private readonly dataSource: DataSource) {}

  /** Batch lookup in the caller's scope, in the order asked (DataLoader and `_entities`). */
  async findVisibleByIds(caller: Caller, ids: readonly string[]): Promise<Array<Problem | null>> {
    const validIds = isStaff(caller) ? [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))] : [];
    const found = validIds.length
      ? await this.dataSource.getRepository(Problem).findBy({ id: In(validIds) })
      : [];
    const byId = new Map(found.map((problem) => [problem.id, problem]));
    return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
  }

  /** The incident ids linked to each problem (the problems themselves were already access-checked). */
  async incidentIdsOf(problemIds: readonly string[]): Promise<string[][]> {
    const links = await this.dataSource.getRepository(ProblemIncident).find({
      where: { problemId: In([...problemIds]) },
      order: { seq: 'ASC' },
    });
    return problemIds.map((id) =>
      links.filter((link) => link.problemId === id).map((link) => link.incidentId),
    );
  }

  /** `Incident.problems`: newest first; nothing for callers who may not see problems. */
  async findVisibleByIncidentIds(caller: Caller, incidentIds: readonly string[]): Promise<Problem[][]> {
    const validIds = isStaff(caller) ? incidentIds.filter(isUuid).map((id) => id.toLowerCase()) : [];
    if (validIds.length === 0) return incidentIds.map(() => []);
    const links = await this.dataSource.getRepository(ProblemIncident).findBy({ incidentId: In(validIds) });
    const problems = links.length
      ? await this.dataSource.getRepository(Problem).find({
          where: { id: In([...new Set(links.map((link) => link.problemId))]) },
          order: { createdAt: 'DESC', id: 'DESC' },
        })
      : [];
    return incidentIds.map((incidentId) => {
      const linked = new Set(
        links.filter((link) => link.incidentId === incidentId.toLowerCase()).map((link) => link.problemId),
      );
      return problems.filter((problem) => linked.has(problem.id));
    });
  }

  /**
   * Keyset pagination, newest first, narrowed by the filter; callers who may not see problems get an
   * empty page.
   */
  async list(caller: Caller, rawArgs: unknown): Promise<Page<Problem>> {
    const args = parseInput(problemListArgs, rawArgs);
    const query = this.dataSource.getRepository(Problem).createQueryBuilder('problem');
    if (!isStaff(caller)) query.andWhere('false');
    applyFilter(query, args.filter);
    return newestFirstPage(query, args, { column: 'created_at', property: 'createdAt' });
  }
}

function applyFilter(query: SelectQueryBuilder<Problem>, filter: ProblemFilter | null | undefined): void {
  if (!filter) return;
  if (filter.status?.length) query.andWhere('problem.status IN (:...statuses)', { statuses: filter.status });
  if (filter.priority?.length)
    query.andWhere('problem.priority IN (:...priorities)', { priorities: filter.priority });
  if (filter.ownerId) query.andWhere('problem.owner_id = :ownerId', { ownerId: filter.ownerId });
  if (filter.unassigned != null)
    query.andWhere(filter.unassigned ? 'problem.owner_id IS NULL' : 'problem.owner_id IS NOT NULL');
  // Containment (@>) is what the GIN index on the array serves.
  if (filter.service)
    query.andWhere('problem.affected_services @> ARRAY[:service]::text[]', { service: filter.service });
  if (filter.search)
    query.andWhere(`problem.search @@ websearch_to_tsquery('english', :search)`, { search: filter.search });
}
