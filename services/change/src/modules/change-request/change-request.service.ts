import { randomUUID } from 'node:crypto';
import { type Caller, requireRole } from '@mim/auth';
import { changeRequestedV1 } from '@mim/contracts';
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
import { approvalProgress, approvalQuorumFor } from '../change-approval/change-approval.domain';
import { ChangeApproval } from '../change-approval/change-approval.entity';
import type { ChangeConflict, ChangeConflictService } from '../change-conflict/change-conflict.service';
import type { FreezePeriodService } from '../freeze-period/freeze-period.service';
import { StandardChangeTemplate } from '../standard-change-template/standard-change-template.entity';
import { isStaff, requesterRoles } from './change-request.access';
import {
  type NewChangeRequest,
  fixedIncidentIds,
  moveChange,
  raiseChangeRequest,
  submitChange,
} from './change-request.domain';
import { ChangeRequest } from './change-request.entity';
import { ChangeRequestIncident } from './change-request-incident.entity';
import { ChangeRequestProblem } from './change-request-problem.entity';
import {
  changeRequestListArgs,
  changeStatusArgs,
  createChangeRequestInput,
  submitChangeArgs,
} from './change-request.input';
import type { ChangeUpdate, ChangeUpdater } from './change-updater';

/**
 * Who may work on change requests at all (every role of the lifecycle is a requester); the domain then
 * decides per target state.
 */
const workerRoles = requesterRoles;

export interface ChangeRequestConfig {
  numberPrefix: string;
  /** CHANGE_CAB_QUORUM: the approvals a normal change needs, the change manager's included. */
  cabQuorum: number;
}

export interface ChangeSubmission {
  changeRequest: ChangeRequest;
  /** Other changes in the same window on the same services or CIs: reported, not blocking. */
  conflicts: ChangeConflict[];
}

/** Change request use cases. Each is one transaction: load -> domain rule -> save -> outbox. */
export class ChangeRequestService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ChangeRequestConfig,
    private readonly deps: {
      updater: ChangeUpdater;
      freezes: FreezePeriodService;
      conflicts: ChangeConflictService;
    },
  ) {}

  /** A normal or emergency change, as a draft (standard changes come from a template). */
  async create(meta: RequestMeta, rawInput: unknown): Promise<ChangeRequest> {
    requireRole(meta.caller, ...requesterRoles);
    const input = parseInput(createChangeRequestInput, rawInput);
    const raised = raiseChangeRequest(meta.caller, { ...input, templateId: null });
    return this.dataSource.transaction((manager) => this.createWithin(manager, meta, raised));
  }

  /** Inserts a drafted change with its links and change.requested.v1, in the caller's transaction. */
  async createWithin(
    manager: EntityManager,
    meta: RequestMeta,
    raised: NewChangeRequest,
  ): Promise<ChangeRequest> {
    const number = await nextRecordNumber(manager, 'change_request_number_seq', this.config.numberPrefix);
    const now = new Date();
    const { incidentLinks, problemIds, ...fields } = raised;
    const change = manager.create(ChangeRequest, {
      ...fields,
      id: randomUUID(),
      number,
      reviewEffective: null,
      reviewSummary: null,
      reviewFollowUps: null,
      reviewedById: null,
      reviewedAt: null,
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
    if (problemIds.length > 0) {
      await manager.insert(
        ChangeRequestProblem,
        problemIds.map((problemId) => ({ problemId, changeId: change.id, linkedAt: now })),
      );
    }
    const event = newEvent(changeRequestedV1, {
      aggregateId: change.id,
      aggregateVersion: change.version,
      actor: eventActor(meta.caller),
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
  }

  /**
   * DRAFT -> SUBMITTED (and -> APPROVED at once for a standard change), refused in a freeze that holds
   * the change back; reports the changes it collides with.
   */
  async submit(meta: RequestMeta, rawArgs: unknown): Promise<ChangeSubmission> {
    requireRole(meta.caller, ...workerRoles);
    const args = parseInput(submitChangeArgs, rawArgs);
    return this.dataSource.transaction(async (manager) => {
      const changeRequest = await this.deps.updater.updateWithin(manager, meta, args.id, (change) =>
        this.submission(manager, meta, change, args.expectedVersion),
      );
      const [conflicts] = await this.deps.conflicts.conflictsWithin(manager, [changeRequest]);
      return { changeRequest, conflicts: conflicts ?? [] };
    });
  }

  /**
   * Moves a change request along its lifecycle (status_changed.v1 per move). SUBMITTED is a submission;
   * APPROVED, REJECTED and REVIEWED are refused here (approvals and the review have their mutations).
   */
  async changeStatus(meta: RequestMeta, rawArgs: unknown): Promise<ChangeRequest> {
    requireRole(meta.caller, ...workerRoles);
    const args = parseInput(changeStatusArgs, rawArgs);
    return this.deps.updater.update(meta, args.id, async (change, manager) => {
      if (args.status === 'SUBMITTED') return this.submission(manager, meta, change, args.expectedVersion);
      const freezes =
        args.status === 'SCHEDULED'
          ? await this.deps.freezes.overlapping(manager, {
              start: change.plannedStart,
              end: change.plannedEnd,
            })
          : [];
      const approvals =
        args.status === 'APPROVED'
          ? approvalProgress(
              await manager.getRepository(ChangeApproval).find({
                where: { changeId: change.id },
                order: { decidedAt: 'ASC' },
              }),
              change.approvalQuorum,
            )
          : null;
      const { state, facts } = moveChange(change, meta.caller, args.expectedVersion, args.status, {
        freezes,
        approvals,
      });
      return { changes: { status: state.status, version: state.version }, facts };
    });
  }

  private async submission(
    manager: EntityManager,
    meta: RequestMeta,
    change: Readonly<ChangeRequest>,
    expectedVersion: number,
  ): Promise<ChangeUpdate> {
    const freezes = await this.deps.freezes.overlapping(manager, {
      start: change.plannedStart,
      end: change.plannedEnd,
    });
    const template = change.templateId
      ? await manager
          .getRepository(StandardChangeTemplate)
          .findOne({ where: { id: change.templateId }, lock: { mode: 'pessimistic_read' } })
      : null;
    const { state, facts } = submitChange(change, meta.caller, expectedVersion, {
      freezes,
      approvalQuorum: approvalQuorumFor(change.type, this.config.cabQuorum),
      templateActive: change.type !== 'STANDARD' || (template !== null && template.retiredAt === null),
    });
    return {
      changes: { status: state.status, version: state.version, approvalQuorum: state.approvalQuorum },
      facts,
    };
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

  /** The problems each change is linked to, as ids (the problem subgraph does the rest). */
  async problemIdsOf(changeIds: readonly string[]): Promise<string[][]> {
    const links = await this.dataSource.getRepository(ChangeRequestProblem).find({
      where: { changeId: In([...changeIds]) },
      order: { linkedAt: 'ASC', problemId: 'ASC' },
    });
    return changeIds.map((id) => links.filter((link) => link.changeId === id).map((link) => link.problemId));
  }

  /** `Incident.changes`: newest first; nothing for callers who may not see change requests. */
  findVisibleByIncidentIds(caller: Caller, incidentIds: readonly string[]): Promise<ChangeRequest[][]> {
    return this.findVisibleByLinks(caller, incidentIds, async (ids) =>
      (await this.dataSource.getRepository(ChangeRequestIncident).findBy({ incidentId: In(ids) })).map(
        (link) => ({ ownerId: link.incidentId, changeId: link.changeId }),
      ),
    );
  }

  /** `Problem.changes`: the same rules as `Incident.changes`. */
  findVisibleByProblemIds(caller: Caller, problemIds: readonly string[]): Promise<ChangeRequest[][]> {
    return this.findVisibleByLinks(caller, problemIds, async (ids) =>
      (await this.dataSource.getRepository(ChangeRequestProblem).findBy({ problemId: In(ids) })).map(
        (link) => ({ ownerId: link.problemId, changeId: link.changeId }),
      ),
    );
  }

  /** Keyset pagination, newest first; callers who may not see change requests get an empty page. */
  async list(caller: Caller, rawArgs: unknown): Promise<Page<ChangeRequest>> {
    const args = parseInput(changeRequestListArgs, rawArgs);
    const query = this.dataSource.getRepository(ChangeRequest).createQueryBuilder('change');
    if (!isStaff(caller)) query.andWhere('false');
    return newestFirstPage(query, args, { column: 'created_at', property: 'createdAt' });
  }

  /** Changes linked to records of another service (incidents, problems), newest first, per record. */
  private async findVisibleByLinks(
    caller: Caller,
    ownerIds: readonly string[],
    linksOf: (ids: string[]) => Promise<Array<{ ownerId: string; changeId: string }>>,
  ): Promise<ChangeRequest[][]> {
    const validIds = isStaff(caller) ? ownerIds.filter(isUuid).map((id) => id.toLowerCase()) : [];
    if (validIds.length === 0) return ownerIds.map(() => []);
    const links = await linksOf(validIds);
    const changes = links.length
      ? await this.dataSource.getRepository(ChangeRequest).find({
          where: { id: In([...new Set(links.map((link) => link.changeId))]) },
          order: { createdAt: 'DESC', id: 'DESC' },
        })
      : [];
    return ownerIds.map((ownerId) => {
      const linked = new Set(
        links.filter((link) => link.ownerId === ownerId.toLowerCase()).map((link) => link.changeId),
      );
      return changes.filter((change) => linked.has(change.id));
    });
  }
}
