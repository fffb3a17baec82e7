import { randomUUID } from 'node:crypto';
import { type Caller, requireRole } from '@mim/auth';
import { changeRequestedV1, changeStatusChangedV1 } from '@mim/contracts';
import { appendToOutbox, newEvent } from '@mim/messaging';
import {
  type Page,
  type RequestMeta,
  eventActor,
  isUuid,
  newestFirstPage,
  nextRecordNumber,
  parseInput,
  traceHeaders,
} from '@mim/service-kit';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { isStaff } from './change-request.access';
import { changeStatus, fixedIncidentIds, raiseChangeRequest, requesterRoles } from './change-request.domain';
import { ChangeRequest } from './change-request.entity';
import { changeRequestNotFound } from './change-request.errors';
import { ChangeRequestIncident } from './change-request-incident.entity';
import { changeRequestListArgs, changeStatusArgs, createChangeRequestInput } from './change-request.input';

/** Who may work on change requests at all; the domain then decides per target state. */
const workerRoles = [...requesterRoles] as const;

/** Change request use cases. Each is one transaction: load -> domain rule -> save -> outbox. */
export class ChangeRequestService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly options: { numberPrefix: string },
  ) {}

  async create(meta: RequestMeta, rawInput: unknown): Promise<ChangeRequest> {
    const { caller } = meta;
    requireRole(caller, ...requesterRoles);
    const input = parseInput(createChangeRequestInput, rawInput);
    const raised = raiseChangeRequest(caller, { ...input, testPlan: input.testPlan ?? null });
    return this.dataSource.transaction(async (manager) => {
      const number = await nextRecordNumber(manager, 'change_request_number_seq', this.options.numberPrefix);
      const now = new Date();
      const { incidentLinks, ...fields } = raised;
      const change = manager.create(ChangeRequest, {
        ...fields,
        id: randomUUID(),
        number,
        createdAt: now,
        updatedAt: now,
      });
      await manager.insert(ChangeRequest, change);
      if (incidentLinks.length > 0) {
        await manager.insert(
          ChangeRequestIncident,
          incidentLinks.map((link) => ({ ...link, changeId: change.id, linkedAt: now })),
        );
      }
      const event = newEvent(changeRequestedV1, {
        aggregateId: change.id,
        aggregateVersion: change.version,
        actor: eventActor(caller),
        correlationId: meta.correlationId,
        occurredAt: now,
        data: {
          changeId: change.id,
          number: change.number,
          title: change.title,
          type: change.type,
          fixesIncidentIds: fixedIncidentIds(incidentLinks),
        },
      });
      await appendToOutbox(manager, [event], traceHeaders(meta));
      return change;
    });
  }

  /** Moves a change request along its lifecycle and emits change.status_changed.v1 with the change. */
  async changeStatus(meta: RequestMeta, rawArgs: unknown): Promise<ChangeRequest> {
    requireRole(meta.caller, ...workerRoles);
    const args = parseInput(changeStatusArgs, rawArgs);
    return this.dataSource.transaction(async (manager) => {
      const change = await this.lockVisible(manager, meta.caller, args.id);
      const from = change.status;
      Object.assign(change, changeStatus(change, meta.caller, args.expectedVersion, args.status));
      const saved = await manager.save(change);
      const changedAt = new Date();
      const links = await manager.getRepository(ChangeRequestIncident).findBy({ changeId: change.id });
      const event = newEvent(changeStatusChangedV1, {
        aggregateId: change.id,
        aggregateVersion: change.version,
        actor: eventActor(meta.caller),
        correlationId: meta.correlationId,
        occurredAt: changedAt,
        data: {
          changeId: change.id,
          number: change.number,
          from,
          to: change.status,
          fixesIncidentIds: fixedIncidentIds(links),
          changedAt: changedAt.toISOString(),
        },
      });
      await appendToOutbox(manager, [event], traceHeaders(meta));
      return saved;
    });
  }

  /** Batch lookup in the caller's scope, in the order asked (DataLoader and `_entities`). */
  async findVisibleByIds(caller: Caller, ids: readonly string[]): Promise<Array<ChangeRequest | null>> {
    const validIds = isStaff(caller) ? ids.filter(isUuid) : [];
    const found = validIds.length
      ? await this.dataSource.getRepository(ChangeRequest).findBy({ id: In(validIds) })
      : [];
    const byId = new Map(found.map((change) => [change.id, change]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** The incident links of each change (the changes themselves were already access-checked). */
  async incidentLinksOf(changeIds: readonly string[]): Promise<ChangeRequestIncident[][]> {
    const links = await this.dataSource.getRepository(ChangeRequestIncident).find({
      where: { changeId: In([...changeIds]) },
      order: { linkedAt: 'ASC', incidentId: 'ASC' },
    });
    return changeIds.map((id) => links.filter((link) => link.changeId === id));
  }

  /** `Incident.changes`: newest first; nothing for callers who may not see change requests. */
  async findVisibleByIncidentIds(caller: Caller, incidentIds: readonly string[]): Promise<ChangeRequest[][]> {
    const validIds = isStaff(caller) ? incidentIds.filter(isUuid) : [];
    if (validIds.length === 0) return incidentIds.map(() => []);
    const links = await this.dataSource
      .getRepository(ChangeRequestIncident)
      .findBy({ incidentId: In(validIds.map((id) => id.toLowerCase())) });
    const changes = links.length
      ? await this.dataSource.getRepository(ChangeRequest).find({
          where: { id: In([...new Set(links.map((link) => link.changeId))]) },
          order: { createdAt: 'DESC', id: 'DESC' },
        })
      : [];
    return incidentIds.map((incidentId) => {
      const linked = new Set(
        links.filter((link) => link.incidentId === incidentId.toLowerCase()).map((link) => link.changeId),
      );
      return changes.filter((change) => linked.has(change.id));
    });
  }

  /** Keyset pagination, newest first; callers who may not see change requests get an empty page. */
  async list(caller: Caller, rawArgs: unknown): Promise<Page<ChangeRequest>> {
    const args = parseInput(changeRequestListArgs, rawArgs);
    const query = this.dataSource.getRepository(ChangeRequest).createQueryBuilder('change');
    if (!isStaff(caller)) query.andWhere('false');
    return newestFirstPage(query, args, { column: 'created_at', property: 'createdAt' });
  }

  /** Row lock for the read-check-write; an invisible change is reported as not found, not forbidden. */
  private async lockVisible(manager: EntityManager, caller: Caller, id: string): Promise<ChangeRequest> {
    if (!isUuid(id) || !isStaff(caller)) throw changeRequestNotFound(id);
    const change = await manager
      .getRepository(ChangeRequest)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!change) throw changeRequestNotFound(id);
    return change;
  }
}
