import type { Logger } from '@mim/observability';
import type { BackgroundWorker } from '@mim/service-kit';
import { Gauge, Histogram, type Registry } from 'prom-client';
import type { DataSource, EntityManager } from 'typeorm';
import { type FactColumns, type FactRecord, FactTable } from './fact-table';

const pageSize = 10_000;

interface FactRow extends Omit<FactRecord, 'affectedServices'> {
  affectedServices: string[] | null;
  lastEventAt: number | null;
  /** The transaction that wrote the row (xid8, as text). */
  writtenXid: string;
}

const selectFacts = `
  SELECT incident_id AS "incidentId", kind, status, priority, channel, category,
         support_tier AS "supportTier", team, affected_services AS "affectedServices", major,
         first_response_breached AS "firstResponseBreached", resolution_breached AS "resolutionBreached",
         (extract(epoch FROM reported_at) * 1000)::float8 AS "reportedAt",
         (extract(epoch FROM failure_started_at) * 1000)::float8 AS "failureStartedAt",
         (extract(epoch FROM acknowledged_at) * 1000)::float8 AS "acknowledgedAt",
         (extract(epoch FROM resolved_at) * 1000)::float8 AS "resolvedAt",
         (extract(epoch FROM service_restored_at) * 1000)::float8 AS "serviceRestoredAt",
         (extract(epoch FROM last_event_at) * 1000)::float8 AS "lastEventAt",
         written_xid::text AS "writtenXid"
    FROM incident_metrics`;

/** The oldest transaction still running when this snapshot was taken: every older one has finished. */
const snapshotXmin = `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`;

export interface FactStoreOptions {
  dataSource: DataSource;
  logger: Logger;
  registry: Registry;
  refreshMs: number;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * Every incident's facts in memory, per replica (PostgreSQL stays the durable read model): loaded whole
 * at start, then kept up to date every `refreshMs`. A rebuild of the projection moves
 * `projection_state.generation`: the store then loads everything again, off to the side, and swaps.
 *
 * Following changes: each row carries the transaction that last wrote it (`written_xid`, stamped by a
 * trigger). Each refresh reads, in one snapshot, the snapshot's xmin (every transaction below it has
 * finished) and the rows written by transactions at or above the previous xmin; the next refresh starts
 * from this xmin. A write that commits late is therefore read by a later refresh, never skipped (a number
 * drawn from a sequence during the write could commit after a higher one was read, and be missed); rows
 * of transactions still around the horizon are read again, which upserting makes harmless.
 *
 * Lag: `mim_analytics_lag_seconds` observes, for each changed row, the time it became queryable here
 * minus its `last_event_at` (when its newest event happened).
 */
export class FactStore implements BackgroundWorker {
  readonly name = 'analytics-fact-store';
  private table = new FactTable();
  private generation: number | null = null;
  /** Rows written by transactions from here on may not have been read yet (xid8, as text). */
  private horizon = '0';
  /** The writing transaction last read per incident near the horizon: a re-read is not a change. */
  private readonly seenWrites = new Map<string, string>();
  private refreshedAt: Date | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private readonly lag: Histogram;
  private readonly held: Gauge;
  private readonly now: () => number;

  constructor(private readonly options: FactStoreOptions) {
    this.now = options.now ?? Date.now;
    this.lag =
      (options.registry.getSingleMetric('mim_analytics_lag_seconds') as Histogram | undefined) ??
      new Histogram({
        name: 'mim_analytics_lag_seconds',
        help: 'Time from an incident event to its figures being queryable in this replica (metrics queries)',
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600],
        registers: [options.registry],
      });
    this.held =
      (options.registry.getSingleMetric('mim_analytics_facts') as Gauge | undefined) ??
      new Gauge({
        name: 'mim_analytics_facts',
        help: 'Incidents held in memory by the metrics fact store',
        registers: [options.registry],
      });
  }

  /** What queries read: replaced whole on a reload, upserted in place between refreshes. */
  get facts(): FactColumns {
    return this.table;
  }

  /** Where the incident's facts are in `facts` (undefined: not held). */
  indexOf(incidentId: string): number | undefined {
    return this.table.get(incidentId);
  }

  /** When the store last caught up with PostgreSQL (null before the first load). */
  get asOf(): Date | null {
    return this.refreshedAt;
  }

  /** Loads everything before the service accepts requests, then follows changes. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.refresh();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One refresh: a full reload when the generation moved (or on first use), else the new revisions. */
  refresh(): Promise<void> {
    this.running ??= this.refreshOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.refresh()
        .catch((error: unknown) =>
          this.options.logger.warn({ err: error }, 'metrics fact store refresh failed'),
        )
        .finally(() => this.schedule());
    }, this.options.refreshMs);
  }

  private async refreshOnce(): Promise<void> {
    const generation = await this.currentGeneration();
    if (generation !== this.generation) await this.reload();
    else await this.followChanges();
    this.refreshedAt = new Date(this.now());
    this.held.set(this.table.size);
  }

  private currentGeneration(): Promise<number> {
    return currentGeneration(this.options.dataSource.manager);
  }

  /** Loads every row into a new table, in one snapshot, then swaps; again if a rebuild happened meanwhile. */
  private async reload(): Promise<void> {
    for (;;) {
      const loaded = await this.options.dataSource.transaction('REPEATABLE READ', async (manager) => {
        const [{ xmin }] = await manager.query<[{ xmin: string }]>(snapshotXmin);
        const generation = await currentGeneration(manager);
        const table = new FactTable(1024);
        // Rows at or above the horizon are read again by the next refresh: remember them as seen, so
        // that re-read is not taken for a change (nor observed as lag).
        const horizon = BigInt(xmin);
        const seen = new Map<string, string>();
        let after = '00000000-0000-0000-0000-000000000000';
        for (;;) {
          const rows = await manager.query<FactRow[]>(
            `${selectFacts} WHERE incident_id > $1 ORDER BY incident_id LIMIT ${pageSize}`,
            [after],
          );
          for (const row of rows) {
            table.upsert(toRecord(row));
            if (BigInt(row.writtenXid) >= horizon) seen.set(row.incidentId, row.writtenXid);
          }
          if (rows.length < pageSize) break;
          after = rows[rows.length - 1]!.incidentId;
        }
        table.monthly.compact();
        return { table, xmin, generation, seen };
      });
      // A rebuild that swapped the table while this snapshot was read: load the new one.
      if ((await this.currentGeneration()) !== loaded.generation) continue;
      this.table = loaded.table;
      this.generation = loaded.generation;
      this.horizon = loaded.xmin;
      this.seenWrites.clear();
      for (const [incidentId, xid] of loaded.seen) this.seenWrites.set(incidentId, xid);
      this.options.logger.info(
        { facts: loaded.table.size, generation: loaded.generation },
        'metrics fact store loaded',
      );
      return;
    }
  }

  private async followChanges(): Promise<void> {
    const { xmin, rows } = await this.options.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [snapshot] = await manager.query<[{ xmin: string }]>(snapshotXmin);
      const written = await manager.query<FactRow[]>(`${selectFacts} WHERE written_xid >= $1::xid8`, [
        this.horizon,
      ]);
      return { xmin: snapshot.xmin, rows: written };
    });
    const queryableAt = this.now();
    for (const row of rows) {
      if (this.seenWrites.get(row.incidentId) === row.writtenXid) continue;
      this.seenWrites.set(row.incidentId, row.writtenXid);
      this.table.upsert(toRecord(row));
      if (row.lastEventAt !== null) this.lag.observe(Math.max(0, queryableAt - row.lastEventAt) / 1000);
    }
    // Writes below the new horizon will never be read again: forget them.
    const horizon = BigInt(xmin);
    for (const [incidentId, xid] of this.seenWrites)
      if (BigInt(xid) < horizon) this.seenWrites.delete(incidentId);
    this.horizon = xmin;
  }
}

async function currentGeneration(manager: EntityManager): Promise<number> {
  const [row] = await manager.query<Array<{ generation: number }>>(
    `SELECT generation FROM projection_state WHERE name = 'incident_metrics'`,
  );
  return row?.generation ?? 0;
}

function toRecord(row: FactRow): FactRecord {
  return { ...row, affectedServices: row.affectedServices ?? [] };
}
