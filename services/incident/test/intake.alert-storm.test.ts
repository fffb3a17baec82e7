import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@mim/observability';
import { createDataSource } from '@mim/service-kit';
import { type TestDatabase, createTestDatabase } from '@mim/testing';
import express from 'express';
import type { DataSource } from 'typeorm';
import firing from '../src/modules/intake/fixtures/alertmanager-firing.json';
import resolved from '../src/modules/intake/fixtures/alertmanager-resolved.json';
import {
  AlertGroup,
  type AlertIncidentPort,
  InMemoryReplayGuard,
  type IntakeResult,
  type IntakeSink,
  createAlertReceiver,
  createIntakeRouter,
  intakeEntities,
  intakeMigrations,
} from '../src/modules/intake';

/**
 * An alert storm through the real HTTP endpoint and real PostgreSQL: 1,000 Alertmanager notifications
 * for one alert, all at once, open exactly one incident, without exhausting the connection pool. The
 * incident service is a recording stand-in. (Concurrent transactions racing for the same fingerprint,
 * as from several replicas, are tested in apply-alert.int.test.ts.)
 */
describe('alert storm (HTTP intake + PostgreSQL deduplication)', () => {
  const bearer = 'storm-bearer-secret-0123456789abcdef';
  const created: string[] = [];
  const resolvedIncidents: string[] = [];
  let database: TestDatabase;
  let dataSource: DataSource;
  let server: Server;
  let url: string;

  const incidents: AlertIncidentPort = {
    async createIncident() {
      await new Promise((resolve) => setTimeout(resolve, 20)); // a realistic insert + outbox write
      created.push(randomUUID());
      return { id: created.at(-1)!, number: `INC-${String(created.length).padStart(6, '0')}` };
    },
    addTimelineEntry: () => Promise.resolve(),
    resolveIncident: (_manager, incidentId) => {
      resolvedIncidents.push(incidentId);
      return Promise.resolve();
    },
  };

  beforeAll(async () => {
    database = await createTestDatabase('intake_storm');
    dataSource = createDataSource({
      url: database.url,
      entities: intakeEntities,
      migrations: intakeMigrations,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();

    // The shape the service wiring gives the sink: alerts through createAlertReceiver.
    const sink: IntakeSink = {
      receiveAlerts: createAlertReceiver({ dataSource, incidents, policy: { autoResolve: true } }),
      receiveEmail: () => Promise.reject(new Error('not used here')),
    };
    const app = express();
    app.use(
      createIntakeRouter({
        auth: { bearerSecrets: [bearer], hmacSecrets: [] },
        replayGuard: new InMemoryReplayGuard(),
        sink,
        logger: createLogger({ service: 'intake-storm', level: 'silent' }),
        maxBodyBytes: 1024 * 1024,
        email: { numberPrefix: 'INC' },
      }),
    );
    server = createServer(app);
    await new Promise<void>((resolve) =>
      server.listen({ port: 0, host: '127.0.0.1', backlog: 2048 }, resolve),
    );
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/intake/alertmanager`;
  });

  afterAll(async () => {
    if (server) await new Promise((resolve) => server.close(resolve));
    await dataSource?.destroy();
    await database?.drop();
  });

  /** One alert of the captured notification, so every request carries the same fingerprint. */
  const notification = (payload: typeof firing) =>
    JSON.stringify({ ...payload, alerts: [payload.alerts[0]] });
  const send = (body: string) =>
    fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    }).then(async (response) => {
      const body = (await response.json()) as { results: IntakeResult[]; error?: unknown };
      return { status: response.status, results: body.results, error: body.error };
    });

  it('opens one incident for 1,000 simultaneous firing notifications, then resolves it once', async () => {
    const responses = await Promise.all(Array.from({ length: 1000 }, () => send(notification(firing))));

    expect(responses.filter((response) => response.status !== 202)).toEqual([]);
    const outcomes = responses.map((response) => response.results[0]!.outcome);
    expect(outcomes.filter((outcome) => outcome === 'INCIDENT_CREATED')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'OCCURRENCE_ADDED')).toHaveLength(999);
    expect(created).toHaveLength(1);
    const groups = await dataSource.getRepository(AlertGroup).findBy({ fingerprint: '7cd3eaf528e6b237' });
    expect(groups).toEqual([
      expect.objectContaining({ status: 'OPEN', occurrences: 1000, incidentId: created[0] }),
    ]);

    // The resolution, then Alertmanager retrying it (as after a 5xx): the retry changes nothing.
    const resolution = await send(notification(resolved));
    expect(resolution.results[0]).toMatchObject({ outcome: 'ALERT_RESOLVED', incidentId: created[0] });
    const retry = await send(notification(resolved));
    expect(retry.results[0]).toMatchObject({ outcome: 'IGNORED' });
    expect(resolvedIncidents).toEqual([created[0]]);
  });
});
