import { randomUUID } from 'node:crypto';
import { type TestDatabase, createMigratedTestDatabase } from '@mim/testing';
import type { DataSource, EntityManager } from 'typeorm';
import type { AlertTimelineEntry } from './alert-deduplication';
import { AlertGroup } from './alert-group.entity';
import { createAlertReceiver } from './alert-receiver';
import type { AlertIncidentPort } from './apply-alert';
import { intakeEntities, intakeMigrations } from './index';
import type { IntakeContext, IntakeResult } from './intake-sink';
import type { NormalizedAlert } from './normalized-alert';

/**
 * Stands in for the incident service. Its records are not transactional (a rolled-back batch leaves
 * them), so the tests assert on the database and the results. An alert titled `poison` cannot be
 * resolved: its timeline entry runs a statement PostgreSQL rejects, which aborts the transaction.
 * `lockIncident` records whether this transaction had already touched an alert group under lock.
 */
class FakeIncidents implements AlertIncidentPort {
  locks: { incidentId: string; afterGroupLock: boolean }[] = [];
  resolved: string[] = [];

  createIncident() {
    return Promise.resolve({ id: randomUUID(), number: 'INC-000001' });
  }

  async addTimelineEntry(manager: EntityManager, _incidentId: string, entry: AlertTimelineEntry) {
    if (entry.summary.includes('poison')) await manager.query('SELECT 1 / 0');
  }

  resolveIncident(_manager: EntityManager, incidentId: string) {
    this.resolved.push(incidentId);
    return Promise.resolve();
  }

  async lockIncident(manager: EntityManager, incidentId: string) {
    const [held] = await manager.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM pg_locks
        WHERE pid = pg_backend_pid() AND mode = 'RowShareLock'
          AND relation = 'monitoring_alert_group'::regclass`,
    );
    this.locks.push({ incidentId, afterGroupLock: held!.count > 0 });
  }
}

const alert = (
  fingerprint: string,
  status: NormalizedAlert['status'] = 'FIRING',
  title = 'Checkout returns HTTP 502',
): NormalizedAlert => ({
  fingerprint,
  status,
  source: 'alertmanager',
  title,
  description: 'Plus de 20 % des requêtes échouent',
  severity: 'critical',
  impact: 'SIGNIFICANT',
  urgency: 'CRITICAL',
  affectedServices: ['checkout'],
  configurationItems: [],
  startsAt: new Date('2026-11-22T10:30:22Z'),
  endsAt: status === 'RESOLVED' ? new Date('2026-11-22T10:50:00Z') : null,
  labels: {},
  sourceUrl: null,
});

const context: IntakeContext = {
  correlationId: 'receiver-test',
  authMethod: 'bearer',
  endpoint: 'alertmanager',
};

describe('createAlertReceiver: group commit per fingerprint (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let incidents: FakeIncidents;
  let transactions: jest.SpyInstance;
  let receive: (alerts: NormalizedAlert[]) => Promise<IntakeResult[]>;

  beforeAll(async () => {
    ({ database, dataSource } = await createMigratedTestDatabase('intake_receiver', {
      entities: intakeEntities,
      migrations: intakeMigrations,
    }));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(() => {
    incidents = new FakeIncidents();
    const receiveAlerts = createAlertReceiver({
      dataSource,
      incidents,
      policy: { autoResolve: true },
      maxBatch: 100,
    });
    receive = (alerts) => receiveAlerts(alerts, context);
    transactions = jest.spyOn(dataSource, 'transaction');
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  /** Requests of one alert each, all at once (as concurrent webhooks): the result of each. */
  const burst = (alerts: NormalizedAlert[]) =>
    Promise.all(alerts.map((one) => receive([one]).then(([result]) => result!)));
  const settledBurst = (alerts: NormalizedAlert[]) => Promise.allSettled(alerts.map((one) => receive([one])));
  const groups = (fingerprint: string) =>
    dataSource.getRepository(AlertGroup).find({ where: { fingerprint }, order: { firstSeenAt: 'ASC' } });

  it('applies a burst of 300 alerts in 3 transactions, in order, answering each once committed', async () => {
    const alerts = Array.from({ length: 300 }, () => alert('fp-storm'));
    const requests = alerts.map((one) => receive([one]));
    // The first answer comes once its batch has committed: another connection sees its group.
    const seenByFirst = requests[0]!.then(() => groups('fp-storm'));
    const results = (await Promise.all(requests)).map(([result]) => result!);

    expect(transactions).toHaveBeenCalledTimes(3); // one per batch of 100, not one per alert
    expect(results[0]).toMatchObject({ outcome: 'INCIDENT_CREATED', occurrences: 1 });
    expect(results.slice(1).every((result) => result.outcome === 'OCCURRENCE_ADDED')).toBe(true);
    expect(results.map((result) => result.occurrences)).toEqual(alerts.map((_, index) => index + 1));
    expect(new Set(results.map((result) => result.incidentId))).toEqual(new Set([results[0]!.incidentId]));
    expect(await groups('fp-storm')).toEqual([expect.objectContaining({ status: 'OPEN', occurrences: 300 })]);
    expect((await seenByFirst)[0]?.occurrences).toBeGreaterThanOrEqual(1);
  });

  it('fails only the alert that cannot be applied, and applies the rest of its batch', async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined); // TypeORM logs the expected failure
    const results = await settledBurst([
      alert('fp-poison'),
      alert('fp-poison'),
      alert('fp-poison', 'RESOLVED', 'poison'),
      alert('fp-poison'),
    ]);

    // The batch's transaction failed, then each alert went alone: 1 + 4.
    expect(transactions).toHaveBeenCalledTimes(5);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    const [created, second, failed, fourth] = results;
    expect(failed).toMatchObject({ reason: expect.objectContaining({ message: 'division by zero' }) });
    const values = [created, second, fourth].map(
      (result) => result?.status === 'fulfilled' && result.value[0],
    );
    expect(values).toEqual([
      expect.objectContaining({ outcome: 'INCIDENT_CREATED', occurrences: 1 }),
      expect.objectContaining({ outcome: 'OCCURRENCE_ADDED', occurrences: 2 }),
      expect.objectContaining({ outcome: 'OCCURRENCE_ADDED', occurrences: 3 }),
    ]);
    // The failed resolution left the group open; the others all counted on it.
    expect(await groups('fp-poison')).toEqual([expect.objectContaining({ status: 'OPEN', occurrences: 3 })]);
  });

  it('keeps the order inside a batch: firing then resolved ends resolved', async () => {
    const results = await burst([alert('fp-pair'), alert('fp-pair', 'RESOLVED')]);

    expect(transactions).toHaveBeenCalledTimes(1);
    const [created, resolved] = results;
    expect(created).toMatchObject({ outcome: 'INCIDENT_CREATED' });
    expect(resolved).toMatchObject({ outcome: 'ALERT_RESOLVED', incidentId: created!.incidentId });
    expect(incidents.resolved).toEqual([created!.incidentId]);
    expect(incidents.locks).toEqual([]); // the incident was created by the batch itself: nobody else sees it
    expect(await groups('fp-pair')).toEqual([
      expect.objectContaining({ status: 'RESOLVED', occurrences: 1 }),
    ]);
  });

  it('locks the incident before the alert group when a batch resolves an open one', async () => {
    const [opened] = await burst([alert('fp-lock')]);
    transactions.mockClear();

    const results = await burst([alert('fp-lock'), alert('fp-lock', 'RESOLVED'), alert('fp-lock')]);

    expect(transactions).toHaveBeenCalledTimes(1);
    expect(results.map((result) => result.outcome)).toEqual([
      'OCCURRENCE_ADDED',
      'ALERT_RESOLVED',
      'INCIDENT_CREATED',
    ]);
    expect(results[1]).toMatchObject({ incidentId: opened!.incidentId, occurrences: 2 });
    expect(results[2]!.incidentId).not.toBe(opened!.incidentId);
    expect(incidents.locks).toEqual([{ incidentId: opened!.incidentId, afterGroupLock: false }]);
    expect((await groups('fp-lock')).map(({ status, occurrences }) => [status, occurrences])).toEqual([
      ['RESOLVED', 2],
      ['OPEN', 1],
    ]);
  });

  it('goes alert by alert rather than lock an incident after its group opened by another replica', async () => {
    const incidentId = randomUUID();
    const replica = dataSource.createQueryRunner();
    await replica.connect();
    await replica.startTransaction();
    await replica.query(
      `INSERT INTO monitoring_alert_group (id, fingerprint, incident_id, status, occurrences, first_seen_at, last_seen_at)
       VALUES ($1, 'fp-replica', $2, 'OPEN', 1, now(), now())`,
      [randomUUID(), incidentId],
    );
    try {
      // One batch: the firing alert finds no group, and its claim waits for the replica's transaction.
      const pending = burst([alert('fp-replica'), alert('fp-replica', 'RESOLVED')]);
      await waitForLockWait();
      await replica.commitTransaction();
      const [counted, resolved] = await pending;

      expect(counted).toMatchObject({ outcome: 'OCCURRENCE_ADDED', incidentId, occurrences: 2 });
      expect(resolved).toMatchObject({ outcome: 'ALERT_RESOLVED', incidentId, occurrences: 2 });
      expect(transactions).toHaveBeenCalledTimes(3); // the batch gave up, then each alert alone
      expect(incidents.locks).toEqual([{ incidentId, afterGroupLock: false }]);
    } finally {
      await replica.release();
    }
  });

  async function waitForLockWait(): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const [row] = await dataSource.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (row!.count > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('The batch never waited for the other transaction');
  }
});
