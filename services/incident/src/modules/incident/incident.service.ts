import { randomUUID } from 'node:crypto';
import type { Caller } from '@mim/auth';
import { appendToOutbox } from '@mim/messaging';
import { type RequestMeta, nextRecordNumber, parseInput, traceHeaders } from '@mim/service-kit';
import type { DataSource, EntityManager } from 'typeorm';
import type { CategoryService } from '../category/category.service';
import type { TimelineEntry } from '../timeline/timeline-entry.entity';
import type { TimelineEntryInput, TimelineService, TimelineTrace } from '../timeline/timeline.service';
import { checkReportTimes, logIncident } from './incident.domain';
import { Incident } from './incident.entity';
import { forbidden, invalidFields } from './incident.errors';
import { mayImport } from '../import/import.domain';
import { createdEvent } from './incident-events';
import { actorOf, createdEntry } from './incident.history';
import { type CreateIncidentInput, createIncidentInput } from './incident.input';
import { can, requirePermission } from './incident.permissions';
import type { IncidentUpdater } from './incident-updater';
import type { PriorityMatrix } from './priority';

export interface IncidentServiceOptions {
  numberPrefix: string;
  matrix?: PriorityMatrix;
  /** How far back staff may date a report (`reportedAt`); 30 days when not given. */
  maxBackdateDays?: number;
}

/**
 * Logging incidents, and the entry points other modules of this service (intake, SLA) write through
 * inside their own transactions. Each use case is one transaction: check -> domain -> save -> timeline
 * -> outbox.
 */
export class IncidentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly options: IncidentServiceOptions,
    private readonly deps: {
      categories: CategoryService;
      timeline: TimelineService;
      updater: IncidentUpdater;
    },
  ) {}

  create(meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    return this.dataSource.transaction((manager) => this.createWithin(manager, meta, rawInput));
  }

  /**
   * Everything `create` does, inside the caller's transaction (intake: an alert or an email and the
   * incident it opens commit together). Permissions are the caller's: intake passes a system caller.
   */
  async createWithin(manager: EntityManager, meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    const { caller } = meta;
    requirePermission(caller, 'create');
    const input = parseInput(createIncidentInput, rawInput);
    if ((input.reporter || input.reportedAt) && !can(caller, 'logOnBehalf')) {
      throw forbidden('Only service desk staff may log an incident for someone else or date its report');
    }
    const now = new Date();
    // Import and replay (modules/import): an admin's reportedAt loads history, so it is not bound by the
    // backdating limit, and the creation is recorded at that instant (timeline, event, SLA clocks).
    const importing = input.reportedAt != null && mayImport(caller);
    const times = checkReportTimes(
      { reportedAt: input.reportedAt ?? now, failureStartedAt: input.failureStartedAt ?? null },
      now,
      importing ? Number.POSITIVE_INFINITY : (this.options.maxBackdateDays ?? 30),
    );
    if (!times.ok) throw invalidFields(times.problems);
    const at = importing ? times.reportedAt : now;
    const selection = { category: input.category ?? null, subcategory: input.subcategory ?? null };
    await this.deps.categories.assertSelectable(manager, selection);

    const number = await nextRecordNumber(manager, 'incident_number_seq', this.options.numberPrefix);
    const incident = manager.create(Incident, {
      ...logIncident(
        {
          title: input.title,
          description: input.description,
          kind: input.kind,
          channel: input.channel,
          impact: input.impact,
          urgency: input.urgency,
        },
        this.options.matrix,
      ),
      ...reporterOf(caller, input),
      ...selection,
      id: randomUUID(),
      number,
      symptoms: input.symptoms,
      affectedServices: input.affectedServices,
      configurationItems: input.configurationItems,
      assignmentGroup: null,
      assigneeId: null,
      assigneeName: null,
      escalationManagerId: null,
      escalationManagerName: null,
      reportedAt: times.reportedAt,
      failureStartedAt: times.failureStartedAt,
      acknowledgedAt: null,
      holdReason: null,
      holdNote: null,
      resolvedAt: null,
      resolutionCode: null,
      resolutionNotes: null,
      closedAt: null,
      cancelledAt: null,
      cancellationReason: null,
      reopenCount: 0,
      isMajor: false,
      majorDeclaredAt: null,
      impactStatement: null,
      resolutionWithoutChangeReason: null,
      createdAt: now,
      updatedAt: now,
    });
    await manager.insert(Incident, incident);
    await this.deps.timeline.appendWithin(
      manager,
      incident.id,
      [createdEntry(incident, actorOf(caller), at)],
      meta,
    );
    await appendToOutbox(manager, [createdEvent(incident, meta, at)], traceHeaders(meta));
    await this.deps.updater.notify(manager, { type: 'created', incident, previous: null, at, meta });
    return incident;
  }

  /**
   * Appends an entry to an incident's timeline inside the caller's transaction (intake: "alert
   * resolved"; SLA: "first response breached"); NOT_FOUND for an unknown incident. `source` names the
   * recording module or service; `trace` is the request or event the entry belongs to.
   */
  async addTimelineEntryWithin(
    manager: EntityManager,
    incidentId: string,
    entry: TimelineEntryInput,
    trace: TimelineTrace,
  ): Promise<TimelineEntry> {
    const [written] = await this.deps.timeline.appendWithin(manager, incidentId, [entry], trace);
    return written!;
  }
}

/** The caller reports for themselves; staff may log for someone else (a contact without an account). */
function reporterOf(caller: Caller, input: CreateIncidentInput) {
  if (!input.reporter) {
    return {
      reporterId: caller.subject,
      reporterName: caller.name,
      reporterEmail: caller.email,
      reporterPhone: null,
    };
  }
  return {
    reporterId: `contact:${input.reporter.email ?? input.reporter.name}`,
    reporterName: input.reporter.name,
    reporterEmail: input.reporter.email ?? null,
    reporterPhone: input.reporter.phone ?? null,
  };
}
