import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createLogger } from '@mim/observability';
import { type MigratedTestDatabase, createMigratedTestDatabase } from '@mim/testing';
import { type Histogram, Registry } from 'prom-client';
import { entities, migrations } from '../src/data-source';
import { incidentCreatedV1 } from '@mim/contracts';
import { FactStore } from '../src/modules/metrics/fact-store';
import { MetricsService } from '../src/modules/metrics/metrics.service';

describe('metrics fact store (real PostgreSQL)', () => {
  let db: MigratedTestDatabase;
  let registry: Registry;
  let store: FactStore;

  beforeAll(async () => {
    db = await createMigratedTestDatabase('analytics_facts', { entities, migrations });
  });

  afterAll(async () => {
    await db?.dispose();
  });

  beforeEach(async () => {
    await db.dataSource.query(`DELETE FROM incident_metrics`);
    registry = new Registry();
    store = new FactStore({
      dataSource: db.dataSource,
      logger: createLogger({ service: 'analytics-test', level: 'silent' }),
      registry,
      refreshMs: 60_000, // refreshed by hand below
    });
  });

  afterEach(async () => {
    await store.stop();
  });

  /** Inserts (or overwrites) an incident's row as the projection does: a new revision each write. */
  async function write(id: string, reportedAt: string, status = 'NEW', lastEventAt = reportedAt) {
    await db.dataSource.query(
      `INSERT INTO incident_metrics (incident_id, kind, status, priority, affected_services, reported_at, last_event_at)
       VALUES ($1, 'INCIDENT', $2, 'P2', '{web}', $3, $4)
       ON CONFLICT (incident_id) DO UPDATE SET status = $2, last_event_at = $4,
         revision = nextval('incident_metrics_revision')`,
      [id, status, reportedAt, lastEventAt],
    );
  }

  const statusOf = (id: string) => store.facts.status[store.indexOf(id)!];

  it('loads every row at start, then follows new writes in place', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await write(a, '2024-01-01T00:00:00Z');
    await write(b, '2024-01-02T00:00:00Z');
    await store.start();
    expect(store.facts.size).toBe(2);
    expect(store.asOf).toBeInstanceOf(Date);

    await write(c, '2024-01-03T00:00:00Z');
    await write(a, '2024-01-01T00:00:00Z', 'RESOLVED', new Date(Date.now() - 2000).toISOString());
    await store.refresh();
    expect(store.facts.size).toBe(3);
    expect(statusOf(a)).toBe(5); // RESOLVED, code 5 of the status vocabulary
    expect(store.facts.reportedAt[store.indexOf(c)!]).toBe(Date.parse('2024-01-03T00:00:00Z'));

    // The lag of each changed row: queryable here minus its last event (about 2 s for a).
    const lag = (await (registry.getSingleMetric('mim_analytics_lag_seconds') as Histogram).get()).values;
    expect(lag.find((v) => v.metricName === 'mim_analytics_lag_seconds_count')?.value).toBe(2);
    expect(lag.find((v) => v.labels.le === 1)?.value).toBe(0);
    expect(lag.find((v) => v.labels.le === 5)?.value).toBeGreaterThanOrEqual(1);
    const facts = (await registry.getSingleMetric('mim_analytics_facts')!.get()).values[0]?.value;
    expect(facts).toBe(3);
  });

  it('reloads everything when a rebuild moves the generation', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await write(a, '2024-01-01T00:00:00Z');
    await store.start();
    const before = store.facts;
    // A rebuild replaces the content (a no longer exists, b does) and bumps the generation.
    await db.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM incident_metrics`);
      await manager.query(
        `INSERT INTO incident_metrics (incident_id, kind, status, reported_at) VALUES ($1, 'INCIDENT', 'NEW', now())`,
        [b],
      );
      await manager.query(
        `UPDATE projection_state SET generation = generation + 1 WHERE name = 'incident_metrics'`,
      );
    });
    await store.refresh();
    expect(store.facts).not.toBe(before);
    expect(store.facts.size).toBe(1);
    expect(store.indexOf(a)).toBeUndefined();
    expect(store.indexOf(b)).toBe(0);
  });

  it('picks up a write that committed after a later one was read', async () => {
    await store.start();
    const [slow, fast] = [randomUUID(), randomUUID()];
    const runner = db.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      // `slow` takes its revision first but commits last.
      await runner.query(
        `INSERT INTO incident_metrics (incident_id, kind, status, reported_at) VALUES ($1, 'INCIDENT', 'NEW', now())`,
        [slow],
      );
      await write(fast, '2024-01-05T00:00:00Z');
      await store.refresh();
      expect(store.indexOf(fast)).toBeDefined();
      expect(store.indexOf(slow)).toBeUndefined();
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    await store.refresh();
    expect(store.indexOf(slow)).toBeDefined();
    expect(store.facts.size).toBe(2);
  });

  it('does not take rows loaded near the horizon for changes when it reads them again', async () => {
    // A transaction left open (any database of the cluster: a neighbour test, a long report) keeps the
    // horizon below the writes loaded at start, so the next refresh reads them again.
    const holder = db.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query(`SELECT pg_current_xact_id()`);
      const [a, b] = [randomUUID(), randomUUID()];
      await write(a, '2024-01-01T00:00:00Z');
      await write(b, '2024-01-02T00:00:00Z');
      await store.start();
      await store.refresh();
      const lag = (await (registry.getSingleMetric('mim_analytics_lag_seconds') as Histogram).get()).values;
      expect(lag.find((v) => v.metricName === 'mim_analytics_lag_seconds_count')?.value).toBe(0);
      // A real change of one of them, still above the horizon, is one.
      await write(a, '2024-01-01T00:00:00Z', 'RESOLVED');
      await store.refresh();
      const after = (await (registry.getSingleMetric('mim_analytics_lag_seconds') as Histogram).get()).values;
      expect(after.find((v) => v.metricName === 'mim_analytics_lag_seconds_count')?.value).toBe(1);
      expect(statusOf(a)).toBe(5);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
  });

  it('follows every event the projection records for an incident (each write takes a new revision)', async () => {
    await store.start();
    const projection = new MetricsService(db.dataSource);
    const incidentId = randomUUID();
    const reportedAt = '2024-02-01T00:00:00.000Z';
    await db.dataSource.transaction((manager) =>
      projection.record(manager, incidentId, {
        type: 'incident.created',
        version: 1,
        occurredAt: new Date(reportedAt),
        data: { ...incidentCreatedV1.example, incidentId, kind: 'INCIDENT', status: 'NEW', reportedAt },
      }),
    );
    await store.refresh();
    const i = store.indexOf(incidentId)!;
    expect(store.facts.acknowledgedAt[i]).toBeNaN();
    await db.dataSource.transaction((manager) =>
      projection.record(manager, incidentId, {
        type: 'incident.status_changed',
        version: 2,
        occurredAt: new Date('2024-02-01T00:05:00.000Z'),
        data: {
          incidentId,
          number: incidentCreatedV1.example.number,
          from: 'NEW',
          to: 'ACKNOWLEDGED',
          priority: 'P1',
          reporterId: 'u-1',
          reason: null,
          changedAt: '2024-02-01T00:05:00.000Z',
        },
      }),
    );
    await store.refresh();
    expect(store.facts.acknowledgedAt[i]).toBe(Date.parse('2024-02-01T00:05:00.000Z'));
    expect(store.facts.timeToAcknowledge[i]).toBe(300);
  });
});
