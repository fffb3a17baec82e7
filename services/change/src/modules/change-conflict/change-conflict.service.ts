import type { Caller } from '@mim/auth';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { isStaff } from '../change-request/change-request.access';
import { ChangeRequest } from '../change-request/change-request.entity';
import { type Conflict, findConflicts, windowReleasingStatuses } from './change-conflict.domain';

export type ChangeConflict = Conflict<ChangeRequest>;

/** Collisions on the change calendar: other changes in the same window on the same services or CIs. */
export class ChangeConflictService {
  constructor(private readonly dataSource: DataSource) {}

  /** `ChangeRequest.conflicts` of a page of changes (already access-checked), in one pair of queries. */
  conflictsOf(caller: Caller, changes: readonly ChangeRequest[]): Promise<ChangeConflict[][]> {
    if (!isStaff(caller)) return Promise.resolve(changes.map(() => []));
    return this.conflictsWithin(this.dataSource.manager, changes);
  }

  /**
   * The same in the caller's transaction (submission reports them). The query finds the candidate pairs
   * with the same predicate as the domain rule, which then says what they share and when.
   */
  async conflictsWithin(
    manager: EntityManager,
    changes: readonly ChangeRequest[],
  ): Promise<ChangeConflict[][]> {
    if (changes.length === 0) return [];
    const pairs = await manager.query<Array<{ subject_id: string; other_id: string }>>(
      `SELECT subject.id AS subject_id, other.id AS other_id
         FROM change_request subject
         JOIN change_request other
           ON other.id <> subject.id
          AND other.status <> ALL ($2::text[])
          AND other.planned_start < subject.planned_end
          AND other.planned_end > subject.planned_start
          AND (other.affected_services && subject.affected_services
               OR other.configuration_items && subject.configuration_items)
        WHERE subject.id = ANY ($1::uuid[])`,
      [changes.map((change) => change.id), windowReleasingStatuses],
    );
    const otherIds = [...new Set(pairs.map((pair) => pair.other_id))];
    const others = otherIds.length
      ? await manager.getRepository(ChangeRequest).findBy({ id: In(otherIds) })
      : [];
    return changes.map((change) => {
      const candidates = new Set(
        pairs.filter((pair) => pair.subject_id === change.id).map((pair) => pair.other_id),
      );
      return findConflicts(
        change,
        others.filter((other) => candidates.has(other.id)),
      );
    });
  }
}
