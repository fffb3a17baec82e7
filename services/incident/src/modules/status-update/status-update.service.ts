import { randomUUID } from 'node:crypto';
import type { Caller } from '@mim/auth';
import { appendToOutbox } from '@mim/messaging';
import type { DueJob } from '@mim/scheduler';
import { type RequestMeta, eventActor, isUuid, parseInput, traceHeaders } from '@mim/service-kit';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { incidentScope } from '../incident/incident.access';
import { Incident } from '../incident/incident.entity';
import { actorOf } from '../incident/incident.history';
import { type IncidentChange, lockVisible } from '../incident/incident-updater';
import type { TimelineService } from '../timeline/timeline.service';
import { requireMajor } from '../war-room/war-room.errors';
import type { StatusUpdateCadence } from './status-update.cadence';
import {
  cadenceAffected,
  mayPublishStatusUpdate,
  nextReminderAt,
  nextUpdateDue,
  normaliseAudiences,
  seesStatusUpdate,
  updatesOwed,
} from './status-update.domain';
import { StatusUpdate } from './status-update.entity';
import { mayNotPublish, nextUpdateInThePast } from './status-update.errors';
import {
  statusUpdateEntry,
  statusUpdateOverdueEntry,
  statusUpdateOverdueEvent,
  statusUpdatePublishedEvent,
} from './status-update.history';
import { publishStatusUpdateInput } from './status-update.input';
import { setStatusUpdateTimer, statusUpdateDuePayload } from './status-update.timers';

/**
 * Communication of a major incident: status updates to the four audiences, and the cadence that makes a
 * missing update an event. The cadence timer (one per incident) is set when the incident is declared
 * major (`follow`, an incident change listener), replaced by each update, moved by a new priority, and
 * removed when the incident is resolved, closed or cancelled. Each use case is one transaction: lock
 * the incident -> row -> timer -> timeline entry -> event; the incident's version does not change.
 */
export class StatusUpdateService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timeline: TimelineService,
    private readonly cadence: StatusUpdateCadence,
  ) {}

  publish(meta: RequestMeta, rawInput: unknown): Promise<StatusUpdate> {
    if (!mayPublishStatusUpdate(meta.caller)) throw mayNotPublish();
    const input = parseInput(publishStatusUpdateInput, rawInput);
    return this.dataSource.transaction(async (manager) => {
      const incident = await lockVisible(manager, meta.caller, input.incidentId);
      requireMajor(incident, 'publish status updates');
      const at = new Date();
      if (input.nextUpdateDueAt && input.nextUpdateDueAt.getTime() <= at.getTime()) {
        throw nextUpdateInThePast(input.nextUpdateDueAt);
      }
      const update = manager.create(StatusUpdate, {
        id: randomUUID(),
        incidentId: incident.id,
        audiences: normaliseAudiences(input.audiences),
        impact: input.impact,
        currentStatus: input.currentStatus,
        actions: input.actions,
        nextUpdateDueAt: input.nextUpdateDueAt,
        publishedAt: at,
        publishedById: meta.caller.subject,
        publishedByName: meta.caller.name,
      });
      await manager.insert(StatusUpdate, update);
      await this.resetTimer(manager, incident, update);
      await this.timeline.appendWithin(
        manager,
        incident.id,
        [statusUpdateEntry(update, actorOf(meta.caller))],
        meta,
      );
      await appendToOutbox(
        manager,
        [
          statusUpdatePublishedEvent(update, {
            incidentVersion: incident.version,
            actor: eventActor(meta.caller),
            correlationId: meta.correlationId,
            at,
          }),
        ],
        traceHeaders(meta),
      );
      return update;
    });
  }

  /**
   * The incident change listener: in the change's transaction, sets the first due time when an incident
   * is declared major, moves it with a new priority or a reopening, removes it once updates are no
   * longer owed. Other changes leave the timer as it is.
   */
  readonly follow = async (manager: EntityManager, change: IncidentChange): Promise<void> => {
    if (!cadenceAffected(change.previous, change.incident)) return;
    const latest = await this.latest(manager, change.incident.id);
    await this.resetTimer(manager, change.incident, latest);
  };

  /**
   * The handler of the cadence timer. Locks and re-reads the incident: nothing when updates are no longer
   * owed (the incident was resolved meanwhile) or an update came after the timer was set; otherwise an
   * INTERNAL timeline entry, `incident.status_update_overdue.v1`, and the next reminder one cadence
   * later (bounded by `maxOverdueReminders`).
   */
  readonly onDue = async (job: DueJob, manager: EntityManager): Promise<void> => {
    const payload = statusUpdateDuePayload.parse(job.payload);
    const incident = await manager
      .getRepository(Incident)
      .findOne({ where: { id: payload.incidentId }, lock: { mode: 'pessimistic_write' } });
    if (!incident || !updatesOwed(incident)) return;
    const latest = await this.latest(manager, incident.id);
    if ((latest?.id ?? null) !== payload.lastUpdateId) return;
    const dueAt = new Date(payload.dueAt);
    const at = new Date(Math.max(Date.now(), dueAt.getTime()));
    const lastUpdateAt = latest?.publishedAt ?? null;
    const trace = { correlationId: job.id, traceparent: null };
    await this.timeline.appendWithin(
      manager,
      incident.id,
      [statusUpdateOverdueEntry(lastUpdateAt, dueAt, at)],
      trace,
    );
    await appendToOutbox(manager, [
      statusUpdateOverdueEvent(incident.id, lastUpdateAt, dueAt, {
        incidentVersion: incident.version,
        actor: { kind: 'system', id: 'status-update' },
        correlationId: job.id,
        at,
      }),
    ]);
    const reminder = payload.reminder + 1;
    const next = nextReminderAt(dueAt, at, reminder, incident.priority, this.cadence);
    // Scheduling the same key from the handler keeps the job: the scheduler deletes only its own claim.
    if (next)
      await setStatusUpdateTimer(manager, incident.id, {
        dueAt: next,
        lastUpdateId: payload.lastUpdateId,
        reminder,
      });
  };

  /**
   * The updates of a batch of incidents the caller already sees (a DataLoader's batch function), newest
   * first, keeping only those the caller may read (a reporter: those to the users).
   */
  async visibleByIncidentIds(caller: Caller, incidentIds: readonly string[]): Promise<StatusUpdate[][]> {
    const ids = [...new Set(incidentIds.filter(isUuid))];
    const scope = incidentScope(caller);
    const rows = ids.length
      ? await this.dataSource.getRepository(StatusUpdate).find({
          where: { incidentId: In(ids) },
          order: { publishedAt: 'DESC', id: 'ASC' },
        })
      : [];
    const visible = rows.filter((row) => seesStatusUpdate(scope, row.audiences));
    return incidentIds.map((id) => visible.filter((row) => row.incidentId === id));
  }

  /** When the next update of a major incident is due now; null when none is owed. */
  nextDue(incident: Readonly<Incident>, latest: StatusUpdate | null): Date | null {
    return nextUpdateDue(incident, latest, this.cadence);
  }

  private async resetTimer(
    manager: EntityManager,
    incident: Readonly<Incident>,
    latest: StatusUpdate | null,
  ): Promise<void> {
    const dueAt = this.nextDue(incident, latest);
    await setStatusUpdateTimer(
      manager,
      incident.id,
      dueAt && { dueAt, lastUpdateId: latest?.id ?? null, reminder: 0 },
    );
  }

  private latest(manager: EntityManager, incidentId: string): Promise<StatusUpdate | null> {
    return manager.getRepository(StatusUpdate).findOne({
      where: { incidentId },
      order: { publishedAt: 'DESC', id: 'ASC' },
    });
  }
}
