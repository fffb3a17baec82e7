import { randomUUID } from 'node:crypto';
import { type Caller, isStaff, requireRole } from '@mim/auth';
import { incidentCreatedV1, incidentStatusChangedV1, type IncidentStatus } from '@mim/contracts';
import { DomainError } from '@mim/errors';
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
import { type DataSource, type EntityManager, In, type SelectQueryBuilder } from 'typeorm';
import { type IncidentScope, canView, incidentScope } from './incident.access';
import { type IncidentState, acknowledge, logIncident, resolve } from './incident.domain';
import { Incident } from './incident.entity';
import { incidentNotFound } from './incident.errors';
import { createIncidentInput, incidentListArgs, resolveIncidentInput } from './incident.input';
import type { PriorityMatrix } from './priority';

const workerRoles = [
  'service_desk_technician',
  'major_incident_manager',
  'mi_team_member',
  'technical_staff',
] as const;

/** Incident use cases. Each is one transaction: load -> domain rule -> save -> outbox. */
export class IncidentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly options: { numberPrefix: string; matrix?: PriorityMatrix },
  ) {}

  async create(meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    const { caller } = meta;
    requireRole(caller, ...workerRoles, 'end_user');
    const input = parseInput(createIncidentInput, rawInput);
    if (input.reporter && !isStaff(caller)) {
      throw new DomainError('FORBIDDEN', 'Only service desk staff may log an incident for someone else');
    }
    const classified = logIncident(
      {
        title: input.title,
        description: input.description,
        kind: input.kind,
        channel: input.channel,
        impact: input.impact,
        urgency: input.urgency,
      },
      this.options.matrix,
    );
    return this.dataSource.transaction(async (manager) => {
      const number = await nextRecordNumber(manager, 'incident_number_seq', this.options.numberPrefix);
      const incident = manager.create(Incident, {
        ...classified,
        id: randomUUID(),
        number,
        reporterId: input.reporter
          ? `contact:${input.reporter.email ?? input.reporter.name}`
          : caller.subject,
        reporterName: input.reporter?.name ?? caller.name,
        reporterEmail: input.reporter ? (input.reporter.email ?? null) : caller.email,
        affectedServices: input.affectedServices,
        category: input.category ?? null,
        reportedAt: new Date(),
        failureStartedAt: input.failureStartedAt ?? null,
        acknowledgedAt: null,
        resolvedAt: null,
        resolutionNotes: null,
      });
      await manager.insert(Incident, incident);
      const event = newEvent(incidentCreatedV1, {
        aggregateId: incident.id,
        aggregateVersion: incident.version,
        actor: eventActor(caller),
        correlationId: meta.correlationId,
        occurredAt: incident.reportedAt,
        data: {
          incidentId: incident.id,
          number: incident.number,
          title: incident.title,
          kind: incident.kind,
          channel: incident.channel,
          impact: incident.impact,
          urgency: incident.urgency,
          priority: incident.priority,
          status: incident.status,
          reporter: { id: incident.reporterId, name: incident.reporterName, email: incident.reporterEmail },
          affectedServices: incident.affectedServices,
          category: incident.category,
          reportedAt: incident.reportedAt.toISOString(),
          failureStartedAt: incident.failureStartedAt?.toISOString() ?? null,
        },
      });
      await appendToOutbox(manager, [event], traceHeaders(meta));
      return incident;
    });
  }

  async acknowledge(meta: RequestMeta, id: string, expectedVersion: number): Promise<Incident> {
    requireRole(meta.caller, ...workerRoles);
    return this.changeState(meta, id, null, (state, at) => acknowledge(state, expectedVersion, at));
  }

  async resolve(meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    requireRole(meta.caller, ...workerRoles);
    const input = parseInput(resolveIncidentInput, rawInput);
    return this.changeState(meta, input.id, input.resolutionNotes, (state, at) =>
      resolve(state, input.expectedVersion, at, input.resolutionNotes),
    );
  }

  /** Batch lookup in the caller's scope, in the order asked (DataLoader and `_entities`). */
  async findVisibleByIds(caller: Caller, ids: readonly string[]): Promise<Array<Incident | null>> {
    const scope = incidentScope(caller);
    const validIds = ids.filter(isUuid);
    const found = validIds.length
      ? await this.dataSource.getRepository(Incident).findBy({ id: In(validIds) })
      : [];
    const byId = new Map(
      found.filter((incident) => canView(scope, incident)).map((incident) => [incident.id, incident]),
    );
    return ids.map((id) => byId.get(id) ?? null);
  }

  async findVisibleByNumber(caller: Caller, number: string): Promise<Incident | null> {
    const incident = await this.dataSource.getRepository(Incident).findOneBy({ number });
    return incident && canView(incidentScope(caller), incident) ? incident : null;
  }

  /** Keyset pagination, newest first; the scope is part of the query so nothing invisible is counted. */
  async list(caller: Caller, rawArgs: unknown): Promise<Page<Incident>> {
    const args = parseInput(incidentListArgs, rawArgs);
    const scope = incidentScope(caller);
    const query = this.dataSource.getRepository(Incident).createQueryBuilder('incident');
    applyScope(query, scope);
    if (args.filter?.status?.length)
      query.andWhere('incident.status IN (:...statuses)', { statuses: args.filter.status });
    if (args.filter?.priority?.length)
      query.andWhere('incident.priority IN (:...priorities)', { priorities: args.filter.priority });
    if (args.filter?.service)
      query.andWhere(':service = ANY(incident.affected_services)', { service: args.filter.service });
    return newestFirstPage(query, args, { column: 'reported_at', property: 'reportedAt' });
  }

  private async changeState(
    meta: RequestMeta,
    id: string,
    reason: string | null,
    apply: (state: IncidentState, at: Date) => IncidentState,
  ): Promise<Incident> {
    return this.dataSource.transaction(async (manager) => {
      const incident = await this.lockVisible(manager, meta.caller, id);
      const from: IncidentStatus = incident.status;
      const at = new Date();
      Object.assign(incident, apply(incident, at));
      await manager.save(incident);
      const event = newEvent(incidentStatusChangedV1, {
        aggregateId: incident.id,
        aggregateVersion: incident.version,
        actor: eventActor(meta.caller),
        correlationId: meta.correlationId,
        occurredAt: at,
        data: {
          incidentId: incident.id,
          number: incident.number,
          from,
          to: incident.status,
          priority: incident.priority,
          reporterId: incident.reporterId,
          reason,
          changedAt: at.toISOString(),
        },
      });
      await appendToOutbox(manager, [event], traceHeaders(meta));
      return incident;
    });
  }

  /** Row lock for the read-check-write; an invisible incident is reported as not found, not forbidden. */
  private async lockVisible(manager: EntityManager, caller: Caller, id: string): Promise<Incident> {
    if (!isUuid(id)) throw incidentNotFound(id);
    const incident = await manager
      .getRepository(Incident)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!incident || !canView(incidentScope(caller), incident)) throw incidentNotFound(id);
    return incident;
  }
}

function applyScope(builder: SelectQueryBuilder<Incident>, scope: IncidentScope): void {
  switch (scope.kind) {
    case 'all':
      return;
    case 'reporter':
      builder.andWhere('incident.reporter_id = :reporterId', { reporterId: scope.reporterId });
      return;
    case 'none':
      builder.andWhere('false');
      return;
  }
}
