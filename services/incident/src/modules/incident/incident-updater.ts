import type { Caller } from '@mim/auth';
import type { Envelope } from '@mim/contracts';
import { appendToOutbox } from '@mim/messaging';
import { type RequestMeta, isUuid, traceHeaders } from '@mim/service-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { instantOfAction } from '../import/action-instant';
import { requireImporter } from '../import/import.domain';
import type { TimelineEntryInput, TimelineService } from '../timeline/timeline.service';
import { Incident } from './incident.entity';
import { incidentNotFound, staleVersion } from './incident.errors';
import { isVisibleTo } from './incident-visibility';

export type IncidentChangeType =
  | 'created'
  | 'status_changed'
  | 'priority_changed'
  | 'assigned'
  | 'escalated'
  | 'major_declared'
  | 'service_restored';

/** A committed-with-the-transaction change, as listeners see it (e.g. SLA clocks). */
export interface IncidentChange {
  type: IncidentChangeType;
  /** The incident after the change. */
  incident: Readonly<Incident>;
  /** The incident before it; null when it was just created. */
  previous: Readonly<Incident> | null;
  at: Date;
  meta: RequestMeta;
}

/**
 * Called inside the change's transaction, after the incident, its timeline and its events are written;
 * throwing rolls the whole change back. How other modules of this service (SLA) follow incidents
 * without the incident use cases knowing them.
 */
export type IncidentChangeListener = (manager: EntityManager, change: IncidentChange) => Promise<void>;

export type OutboxEvent = Envelope & { subject: string };

/** What a domain rule decided: the new field values, what to record, what to publish. */
export interface IncidentUpdate {
  type: Exclude<IncidentChangeType, 'created'>;
  changes: Partial<Incident>;
  timeline: TimelineEntryInput[];
  /** Built from the incident after the change (its new version). */
  events: (incident: Incident) => OutboxEvent[];
}

/**
 * How a use case decides a change of the locked incident: the pure rule, after reading what else it
 * needs in the same transaction (a resolution reads the incident's fixing changes).
 */
export type IncidentDecision = (
  incident: Readonly<Incident>,
  at: Date,
  manager: EntityManager,
) => IncidentUpdate | Promise<IncidentUpdate>;

export interface UpdateOptions {
  /**
   * Import and replay (modules/import): the past instant the change happened at, instead of now. Admins
   * only (FORBIDDEN); checked against the incident's history (BAD_USER_INPUT).
   */
  at?: Date | null;
}

/**
 * The shape of every change to an existing incident, in one transaction: lock the row (visible to the
 * caller, else NOT_FOUND) -> domain rule -> update -> timeline -> outbox -> listeners.
 */
export class IncidentUpdater {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timeline: TimelineService,
    private readonly listeners: readonly IncidentChangeListener[],
  ) {}

  update(
    meta: RequestMeta,
    id: string,
    decide: IncidentDecision,
    options: UpdateOptions = {},
  ): Promise<Incident> {
    return this.dataSource.transaction((manager) => this.updateWithin(manager, meta, id, decide, options));
  }

  /** `update` inside the caller's transaction. */
  async updateWithin(
    manager: EntityManager,
    meta: RequestMeta,
    id: string,
    decide: IncidentDecision,
    options: UpdateOptions = {},
  ): Promise<Incident> {
    requireImporter(meta.caller, options.at);
    const previous = await lockVisible(manager, meta.caller, id);
    const now = new Date();
    const at = await instantOfAction(manager, meta.caller, previous, options.at, now);
    const update = await decide(previous, at, manager);
    const changed = changedFields(previous, update.changes);
    // `updatedAt` is when the row was written, also for an imported (back-dated) change.
    const incident = manager.create(Incident, { ...previous, ...changed, updatedAt: now });
    const result = await manager.update(
      Incident,
      { id: previous.id, version: previous.version },
      { ...changed, updatedAt: now },
    );
    // The row is locked, so this cannot happen unless a rule forgot the version: never lose an update.
    if (result.affected !== 1) throw staleVersion(previous.version, previous.version + 1);
    await this.timeline.appendWithin(manager, incident.id, update.timeline, meta);
    await appendToOutbox(manager, update.events(incident), traceHeaders(meta));
    await this.notify(manager, { type: update.type, incident, previous, at, meta });
    return incident;
  }

  async notify(manager: EntityManager, change: IncidentChange): Promise<void> {
    for (const listener of this.listeners) await listener(manager, change);
  }
}

/** Row lock for the read-check-write; an invisible incident is reported as not found, not forbidden. */
export async function lockVisible(manager: EntityManager, caller: Caller, id: string): Promise<Incident> {
  if (!isUuid(id)) throw incidentNotFound(id);
  const incident = await manager
    .getRepository(Incident)
    .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!incident || !(await isVisibleTo(manager, caller, incident))) throw incidentNotFound(id);
  return incident;
}

/** The fields whose value really changes (dates by instant), so the UPDATE writes only those. */
function changedFields(before: Readonly<Incident>, changes: Partial<Incident>): Partial<Incident> {
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    const old = (before as unknown as Record<string, unknown>)[key];
    const same =
      value instanceof Date && old instanceof Date
        ? value.getTime() === old.getTime()
        : Object.is(value, old);
    if (!same) changed[key] = value;
  }
  return changed;
}
