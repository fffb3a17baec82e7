import { appendToOutbox } from '@mim/messaging';
import type { DueJob } from '@mim/scheduler';
import { traceHeaders } from '@mim/service-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { Incident } from '../incident/incident.entity';
import type { IncidentChange } from '../incident/incident-updater';
import type { TimelineEntryInput, TimelineTrace } from '../timeline/timeline.service';
import { evaluateSla } from './sla.domain';
import { type SlaIncidentFacts, slaAfterChange, startSlaRecord } from './sla.lifecycle';
import type { SlaConfig } from './sla.policy';
import { type SlaRecord, judgedAt, slaAnnouncements, slaColumns } from './sla.record';
import { slaEvent, slaTimelineEntry } from './sla-announcements';
import { loadSlaRecord, saveSlaRecord, slaRecordsByIds } from './sla.store';
import { slaTimerPayload, syncSlaTimers } from './sla.timers';
import { type IncidentSlaView, slaView } from './sla.view';

/** How announcements reach the incident's timeline (`IncidentService.addTimelineEntryWithin`). */
export type SlaTimelineWriter = (
  manager: EntityManager,
  incidentId: string,
  entry: TimelineEntryInput,
  trace: TimelineTrace,
) => Promise<unknown>;

/**
 * The live SLA clocks of incidents. `follow` is an incident change listener: inside the change's
 * transaction it moves the clocks (sla.lifecycle.ts), stores them on the incident row and points the
 * clock timers at their next at-risk or breach instant. `onTimer` is the handler of those timers: it
 * locks and re-reads the incident and judges it now. Both end in `settle`, which announces what is new
 * (a timeline entry and an event, once per clock: `announced` is stored under the row lock) and
 * reschedules. Reads evaluate the stored clocks at read time.
 */
export class SlaService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: SlaConfig,
    private readonly addTimelineEntry: SlaTimelineWriter,
  ) {}

  /** The incident change listener (createIncidentModule registers it first). */
  readonly follow = async (manager: EntityManager, change: IncidentChange): Promise<void> => {
    const { incident, previous } = change;
    let record: SlaRecord;
    if (previous === null) {
      record = startSlaRecord(incident, this.config.policies);
    } else {
      const stored = await loadSlaRecord(manager, incident.id);
      // Logged before SLA clocks existed: it has none to move.
      if (!stored) return;
      record = slaAfterChange(stored, facts(previous), facts(incident), change.at, this.config.policies);
      if (record === stored) return;
    }
    await this.settle(manager, incident, record, change.at, {
      correlationId: change.meta.correlationId,
      headers: traceHeaders(change.meta),
    });
  };

  /**
   * The handler of `incident.sla` timers. A timer says "look now", not "it is breached": the incident is
   * locked and re-read, so a change committed meanwhile (an acknowledgement, a hold) is what is judged,
   * and a second scheduler or a late retry finds the breach already announced and does nothing.
   */
  readonly onTimer = async (job: DueJob, manager: EntityManager): Promise<void> => {
    const { incidentId } = slaTimerPayload.parse(job.payload);
    const incident = await manager
      .getRepository(Incident)
      .findOne({ where: { id: incidentId }, lock: { mode: 'pessimistic_write' } });
    if (!incident) return;
    const record = await loadSlaRecord(manager, incidentId);
    if (!record) return;
    // Judged no earlier than the instant the timer was set for, whatever this host's clock says.
    const now = new Date(Math.max(Date.now(), job.dueAt.getTime()));
    await this.settle(manager, incident, record, now, { correlationId: job.id, headers: {} });
  };

  /** The stored clocks of a batch of incidents, for `Incident.sla` (a DataLoader's batch function). */
  async recordsByIncidentIds(ids: readonly string[]): Promise<Array<SlaRecord | null>> {
    const records = await slaRecordsByIds(this.dataSource, ids);
    return ids.map((id) => records.get(id) ?? null);
  }

  view(record: SlaRecord, now: Date): IncidentSlaView {
    return slaView(record, now, this.config);
  }

  private async settle(
    manager: EntityManager,
    incident: Readonly<Incident>,
    record: SlaRecord,
    now: Date,
    context: { correlationId: string; headers: Record<string, string> },
  ): Promise<void> {
    const evaluation = evaluateSla(record.state, judgedAt(record, now), this.config);
    const { announced, announcements } = slaAnnouncements(record, evaluation);
    const settled: SlaRecord = { ...record, announced };
    await saveSlaRecord(manager, incident.id, settled, slaColumns(settled, evaluation));
    for (const announcement of announcements) {
      await this.addTimelineEntry(manager, incident.id, slaTimelineEntry(incident, announcement, now), {
        correlationId: context.correlationId,
        traceparent: context.headers.traceparent ?? null,
      });
    }
    await appendToOutbox(
      manager,
      announcements.map((announcement) => slaEvent(incident, announcement, now, context.correlationId)),
      context.headers,
    );
    await syncSlaTimers(manager, incident.id, settled, now, this.config);
  }
}

function facts(incident: Readonly<Incident>): SlaIncidentFacts {
  return {
    status: incident.status,
    priority: incident.priority,
    reportedAt: incident.reportedAt,
    acknowledgedAt: incident.acknowledgedAt,
  };
}
