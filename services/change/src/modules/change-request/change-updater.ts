import type { Caller } from '@mim/auth';
import { appendToOutbox } from '@mim/messaging';
import { type RequestMeta, isUuid, traceHeaders } from '@mim/service-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { eventsOfFacts } from './change-events';
import { isStaff } from './change-request.access';
import { type ChangeFact, fixedIncidentIds } from './change-request.domain';
import { ChangeRequest } from './change-request.entity';
import { changeRequestNotFound, staleVersion } from './change-request.errors';
import { ChangeRequestIncident } from './change-request-incident.entity';
import { ChangeRequestProblem } from './change-request-problem.entity';

/** What a rule decided for a change: its new field values and the facts to publish. */
export interface ChangeUpdate {
  /** Status, version (one more per fact) and any other field the rule set. */
  changes: Partial<ChangeRequest>;
  facts: ChangeFact[];
  /** Further writes of the same decision (a vote), after the change is saved, in its transaction. */
  alsoWrite?: (manager: EntityManager) => Promise<void>;
}

/**
 * The shape of every change to an existing change request, in one transaction: lock the row (visible to
 * the caller, else NOT_FOUND) -> domain rule -> update -> the rule's other writes -> outbox (one event
 * per fact, with the incidents it fixes and the problems it links at that moment).
 */
export class ChangeUpdater {
  constructor(private readonly dataSource: DataSource) {}

  update(
    meta: RequestMeta,
    id: string,
    decide: (change: Readonly<ChangeRequest>, manager: EntityManager, at: Date) => Promise<ChangeUpdate>,
  ): Promise<ChangeRequest> {
    return this.dataSource.transaction((manager) => this.updateWithin(manager, meta, id, decide));
  }

  async updateWithin(
    manager: EntityManager,
    meta: RequestMeta,
    id: string,
    decide: (change: Readonly<ChangeRequest>, manager: EntityManager, at: Date) => Promise<ChangeUpdate>,
  ): Promise<ChangeRequest> {
    const previous = await lockVisible(manager, meta.caller, id);
    const at = new Date();
    const update = await decide(previous, manager, at);
    const change = manager.create(ChangeRequest, { ...previous, ...update.changes, updatedAt: at });
    const result = await manager.update(
      ChangeRequest,
      { id: previous.id, version: previous.version },
      { ...update.changes, updatedAt: at },
    );
    // The row is locked, so this cannot happen unless a rule forgot the version: never lose an update.
    if (result.affected !== 1) throw staleVersion(previous.version, previous.version + 1);
    await update.alsoWrite?.(manager);
    const incidentLinks = await manager.getRepository(ChangeRequestIncident).find({
      where: { changeId: id },
      order: { linkedAt: 'ASC', incidentId: 'ASC' },
    });
    const problemLinks = await manager.getRepository(ChangeRequestProblem).find({
      where: { changeId: id },
      order: { linkedAt: 'ASC', problemId: 'ASC' },
    });
    const events = eventsOfFacts(
      {
        id: change.id,
        number: change.number,
        previousVersion: previous.version,
        fixesIncidentIds: fixedIncidentIds(incidentLinks),
        problemIds: problemLinks.map((link) => link.problemId),
      },
      update.facts,
      meta,
      at,
    );
    await appendToOutbox(manager, events, traceHeaders(meta));
    return change;
  }
}

/** Row lock for the read-check-write; an invisible change is reported as not found, not forbidden. */
async function lockVisible(manager: EntityManager, caller: Caller, id: string): Promise<ChangeRequest> {
  if (!isUuid(id) || !isStaff(caller)) throw changeRequestNotFound(id);
  const change = await manager
    .getRepository(ChangeRequest)
    .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!change) throw changeRequestNotFound(id);
  return change;
}
