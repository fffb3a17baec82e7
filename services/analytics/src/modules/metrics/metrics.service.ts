import type { Caller } from '@mim/auth';
import { isUuid } from '@mim/service-kit';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { canSeeIncidentMetrics, requireReportingRole } from './metrics.access';
import { type IncidentEvent, applyIncidentEvent, assertPeriod } from './metrics.domain';
import { IncidentMetrics } from './metrics.entity';

export interface MetricsSummary {
  from: Date;
  to: Date;
  incidentCount: number;
  acknowledgedCount: number;
  resolvedCount: number;
  mttaSeconds: number | null;
  mttrSeconds: number | null;
  mttdSeconds: number | null;
}

/** Feeds the read model from incident events, and answers per-incident and summary questions. */
export class MetricsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Merges one event into its incident's row inside the consumer's transaction. The insert makes sure a
   * row exists (concurrent first events serialise on the primary key), the row lock serialises the
   * read-merge-write of events for the same incident, and the pure merge rule does the rest.
   */
  async record(manager: EntityManager, incidentId: string, event: IncidentEvent): Promise<IncidentMetrics> {
    const repository = manager.getRepository(IncidentMetrics);
    const lockRow = () => repository.findOne({ where: { incidentId }, lock: { mode: 'pessimistic_write' } });
    // Most events find their row: lock it at once. The first one inserts it (a racing first event waits
    // on the primary key, then finds it).
    let row = await lockRow();
    if (!row) {
      await manager.query(
        `INSERT INTO incident_metrics (incident_id) VALUES ($1) ON CONFLICT (incident_id) DO NOTHING`,
        [incidentId],
      );
      row = await lockRow();
      if (!row) throw new Error(`incident_metrics row ${incidentId} vanished inside its transaction`);
    }
    const {
      incidentId: _id,
      revision: _revision,
      updatedAt: _updatedAt,
      ...merged
    } = {
      ...row,
      ...applyIncidentEvent(row, event),
    };
    await repository.update(
      { incidentId },
      { ...merged, revision: () => "nextval('incident_metrics_revision')", updatedAt: new Date() },
    );
    return Object.assign(row, merged);
  }

  /** Batch lookup for `Incident.metrics`, in the order asked; null for callers who may not see them. */
  async findVisibleByIncidentIds(
    caller: Caller,
    incidentIds: readonly string[],
  ): Promise<Array<IncidentMetrics | null>> {
    const validIds = incidentIds.filter(isUuid);
    if (!canSeeIncidentMetrics(caller) || validIds.length === 0) return incidentIds.map(() => null);
    const found = await this.dataSource.getRepository(IncidentMetrics).findBy({ incidentId: In(validIds) });
    const byId = new Map(found.map((row) => [row.incidentId, row]));
    return incidentIds.map((id) => byId.get(id.toLowerCase()) ?? null);
  }

  /**
   * Means over the incidents (not service requests) reported in [from, to): MTTA over those
   * acknowledged, MTTR over those resolved, MTTD over those with a known failure start; null when none.
   */
  async summary(caller: Caller, from: Date, to: Date): Promise<MetricsSummary> {
    requireReportingRole(caller);
    assertPeriod(from, to);
    const [row] = await this.dataSource.query<[Omit<MetricsSummary, 'from' | 'to'>]>(
      `SELECT count(*)::int AS "incidentCount",
              count(acknowledged_at)::int AS "acknowledgedCount",
              count(resolved_at)::int AS "resolvedCount",
              avg(EXTRACT(EPOCH FROM acknowledged_at - reported_at))::float8 AS "mttaSeconds",
              avg(EXTRACT(EPOCH FROM resolved_at - reported_at))::float8 AS "mttrSeconds",
              avg(EXTRACT(EPOCH FROM reported_at - failure_started_at))::float8 AS "mttdSeconds"
         FROM incident_metrics
        WHERE kind = 'INCIDENT' AND reported_at >= $1 AND reported_at < $2`,
      [from, to],
    );
    return { from, to, ...row };
  }
}
