import { randomUUID } from 'node:crypto';
import { type TestDatabase, createMigratedTestDatabase } from '@mim/testing';
import type { DataSource, EntityManager } from 'typeorm';
import type { AlertTimelineEntry, DeduplicationPolicy } from './alert-deduplication';
import { AlertGroup } from './alert-group.entity';
import { type AlertIncidentPort, applyAlertWithin } from './apply-alert';
import { intakeEntities, intakeMigrations } from './index';
import type { NormalizedAlert } from './normalized-alert';

/** Stands in for the incident service: records calls, and can be slow or fail. */
class FakeIncidents implements AlertIncidentPort {
  created: string[] = [];
  timeline: { incidentId: string; entry: AlertTimelineEntry }[] = [];
  resolved: string[] = [];
  delayMs = 0;
  failNext = false;

  async createIncident(_manager: EntityManager, alert: NormalizedAlert) {
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('incident service failed');
    }
    const id = randomUUID();
    this.created.push(`${alert.fingerprint}:${id}`);
    return { id, number: `INC-${String(this.created.length).padStart(6, '0')}` };
  }

  addTimelineEntry(_manager: EntityManager, incidentId: string, entry: AlertTimelineEntry) {
    this.timeline.push({ incidentId, entry });
    return Promise.resolve();
  }

  resolveIncident(_manager: EntityManager, incidentId: string) {
    this.resolved.push(incidentId);
    return Promise.resolve();
  }
}

const alert = (fingerprint: string, status: NormalizedAlert['status'] = 'FIRING'): NormalizedAlert => ({
  fingerprint,
  status,
  source: 'alertmanager',
  title: 'Checkout returns HTTP 502',
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

describe('applyAlertWithin (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let incidents: FakeIncidents;

  beforeAll(async () => {
    ({ database, dataSource } = await createMigratedTestDatabase('intake_alerts', {
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
  });

  const apply = (incoming: NormalizedAlert, policy: DeduplicationPolicy = { autoResolve: false }) =>
    dataSource.transaction((manager) => applyAlertWithin(manager, incoming, incidents, policy));
  const groups = (fingerprint: string) =>
    dataSource.getRepository(AlertGroup).find({ where: { fingerprint }, order: { firstSeenAt: 'ASC' } });

  it('creates one incident, then counts occurrences, then resolves with a timeline entry', async () => {
    const created = await apply(alert('fp-life'));
    expect(created).toMatchObject({
      outcome: 'INCIDENT_CREATED',
      incidentNumber: 'INC-000001',
      occurrences: 1,
    });
    expect(await apply(alert('fp-life'))).toMatchObject({
      outcome: 'OCCURRENCE_ADDED',
      incidentId: created.incidentId,
      occurrences: 2,
    });

    const resolved = await apply(alert('fp-life', 'RESOLVED'), { autoResolve: true });
    expect(resolved).toMatchObject({
      outcome: 'ALERT_RESOLVED',
      incidentId: created.incidentId,
      occurrences: 2,
    });
    expect(incidents.timeline).toEqual([
      {
        incidentId: created.incidentId,
        entry: expect.objectContaining({ kind: 'MONITORING_ALERT_RESOLVED' }),
      },
    ]);
    expect(incidents.resolved).toEqual([created.incidentId]);
    const [group] = await groups('fp-life');
    expect(group).toMatchObject({
      status: 'RESOLVED',
      occurrences: 2,
      incidentId: created.incidentId,
      resolvedAt: new Date('2026-11-22T10:50:00Z'),
    });
  });

  it('ignores a resolution with nothing open, and opens a new incident when the alert fires again', async () => {
    expect(await apply(alert('fp-again', 'RESOLVED'))).toEqual({
      outcome: 'IGNORED',
      incidentId: null,
      fingerprint: 'fp-again',
    });
    const first = await apply(alert('fp-again'));
    await apply(alert('fp-again', 'RESOLVED'));
    expect(incidents.resolved).toEqual([]); // autoResolve off: a person resolves the incident
    const second = await apply(alert('fp-again'));
    expect(second.outcome).toBe('INCIDENT_CREATED');
    expect(second.incidentId).not.toBe(first.incidentId);
    expect((await groups('fp-again')).map((group) => group.status)).toEqual(['RESOLVED', 'OPEN']);
  });

  it('leaves no group behind when creating the incident fails, so the next alert tries again', async () => {
    incidents.failNext = true;
    await expect(apply(alert('fp-fail'))).rejects.toThrow('incident service failed');
    expect(await groups('fp-fail')).toEqual([]);
    expect((await apply(alert('fp-fail'))).outcome).toBe('INCIDENT_CREATED');
  });

  it('creates exactly one incident when many identical alerts arrive at once', async () => {
    incidents.delayMs = 50; // widen the window in which every transaction sees no open group
    const results = await Promise.all(Array.from({ length: 60 }, () => apply(alert('fp-burst'))));
    expect(incidents.created).toHaveLength(1);
    expect(results.filter((result) => result.outcome === 'INCIDENT_CREATED')).toHaveLength(1);
    expect(results.filter((result) => result.outcome === 'OCCURRENCE_ADDED')).toHaveLength(59);
    expect(new Set(results.map((result) => result.incidentId)).size).toBe(1);
    const [group, ...others] = await groups('fp-burst');
    expect(others).toEqual([]);
    expect(group).toMatchObject({ status: 'OPEN', occurrences: 60 });
  });

  it('refuses a second OPEN group for a fingerprint at the database level', async () => {
    await apply(alert('fp-unique'));
    jest.spyOn(console, 'log').mockImplementation(() => undefined); // TypeORM logs the expected failure
    const insert = dataSource.query(
      `INSERT INTO monitoring_alert_group (id, fingerprint, status, occurrences, first_seen_at, last_seen_at)
       VALUES ($1, 'fp-unique', 'OPEN', 1, now(), now())`,
      [randomUUID()],
    );
    await expect(insert).rejects.toThrow(/monitoring_alert_group_open_uidx/);
    jest.restoreAllMocks();
  });
});
