import type { Caller } from '@mim/auth';
import { isUuid } from '@mim/service-kit';
import type { EntityManager } from 'typeorm';
import { isStaff } from './problem.access';
import { Problem } from './problem.entity';
import { problemNotFound, staleVersion } from './problem.errors';
import { ProblemIncident } from './problem-incident.entity';

/**
 * The persistence steps every change of a problem shares, inside the use case's transaction: lock the
 * row, write the changed fields with the new version, read and write the incident links.
 */

/** Row lock for the read-check-write; an invisible problem is reported as not found, not forbidden. */
export async function lockVisible(manager: EntityManager, caller: Caller, id: string): Promise<Problem> {
  if (!isUuid(id) || !isStaff(caller)) throw problemNotFound(id);
  const problem = await manager
    .getRepository(Problem)
    .findOne({ where: { id: id.toLowerCase() }, lock: { mode: 'pessimistic_write' } });
  if (!problem) throw problemNotFound(id);
  return problem;
}

/**
 * Writes the changed fields and the new version the domain decided, guarded by the version read under
 * the lock; returns the problem as it now is.
 */
export async function saveChange(
  manager: EntityManager,
  before: Problem,
  changes: Partial<Omit<Problem, 'id' | 'number' | 'createdAt'>> & { version: number },
  at: Date,
): Promise<Problem> {
  const values = { ...changes, updatedAt: at };
  const result = await manager.update(Problem, { id: before.id, version: before.version }, values);
  // The row is locked, so this cannot happen unless a rule forgot the version: never lose an update.
  if (result.affected !== 1) throw staleVersion(before.version, before.version + 1, before.id);
  return manager.create(Problem, { ...before, ...values });
}

/** The incidents linked to a problem, in the order they were linked. */
export async function linkedIncidentIds(manager: EntityManager, problemId: string): Promise<string[]> {
  const links = await manager.getRepository(ProblemIncident).find({
    where: { problemId },
    order: { seq: 'ASC' },
  });
  return links.map((link) => link.incidentId);
}

/** Links incidents (not linked yet: the caller computed them) to a problem. */
export async function insertLinks(
  manager: EntityManager,
  problemId: string,
  incidentIds: readonly string[],
  at: Date,
): Promise<void> {
  if (incidentIds.length === 0) return;
  await manager.insert(
    ProblemIncident,
    incidentIds.map((incidentId) => ({ problemId, incidentId, linkedAt: at })),
  );
}
