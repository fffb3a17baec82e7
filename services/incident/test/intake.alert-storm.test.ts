import 'reflect-metadata';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@mim/observability';
import { type TestDatabase, createTestDatabase } from '@mim/testing';
import express from 'express';
import type { DataSource } from 'typeorm';
import { createIncidentDataSource } from '../src/data-source';
import { readEnv } from '../src/env';
import { createIncidentModule } from '../src/incident-module';
import { Incident } from '../src/modules/incident/incident.entity';
import firing from '../src/modules/intake/fixtures/alertmanager-firing.json';
import resolved from '../src/modules/intake/fixtures/alertmanager-resolved.json';
import {
  AlertGroup,
  type IntakeResult,
  createIncidentIntake,
  resolveAlertGroupOfEndedIncident,
} from '../src/modules/intake';

/**
 * An alert storm through the real HTTP endpoint, the service's intake wiring (`createIncidentIntake`:
 * router, PostgreSQL replay guard, incident sink) and the real incident use cases on PostgreSQL: 1,000
 * Alertmanager notifications for one alert, all at once, open exactly one incident, without exhausting
 * the connection pool (5 connections here). The router sits on a bare express app with a deep listen
 * backlog, so the test measures intake rather than the kernel's accept queue. (Concurrent transactions
 * racing for the same fingerprint, as from several replicas, are tested in apply-alert.int.test.ts.)
 */
describe('alert storm (HTTP intake + incident use cases + PostgreSQL deduplication)', () => {
  const bearer = 'storm-bearer-secret-0123456789abcdef';
  let database: TestDatabase;
  let dataSource: DataSource;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase('intake_storm');
    const env = readEnv({
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '5',
      NATS_URL: 'nats://127.0.0.1:4222', // not used: events wait in the outbox
      AUTH_JWT_SECRET: 'storm-test-jwt-secret-0123456789abcdef',
      INTAKE_BEARER_SECRETS: bearer,
    });
    dataSource = createIncidentDataSource(env);
    await dataSource.initialize();
    await dataSource.runMigrations();

    const module = createIncidentModule(dataSource, env, [resolveAlertGroupOfEndedIncident]);
    const intake = createIncidentIntake({
      dataSource,
      env,
      logger: createLogger({ service: 'intake-storm', level: 'silent' }),
      useCases: module,
    });
    const app = express();
    app.use(intake!);
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
    const incidents = await dataSource.getRepository(Incident).find();
    expect(incidents).toEqual([
      expect.objectContaining({
        channel: 'MONITORING',
        status: 'NEW',
        priority: 'P2',
        title: 'Checkout returns HTTP 502',
      }),
    ]);
    const [incident] = incidents;
    const groups = await dataSource.getRepository(AlertGroup).findBy({ fingerprint: '7cd3eaf528e6b237' });
    expect(groups).toEqual([
      expect.objectContaining({ status: 'OPEN', occurrences: 1000, incidentId: incident!.id }),
    ]);
    // The storm wrote no timeline row per occurrence: the count is on the alert group, not the timeline.
    const timeline = await dataSource.query<Array<{ kind: string }>>(
      `SELECT kind FROM incident_timeline_entry WHERE incident_id = $1`,
      [incident!.id],
    );
    expect(timeline.filter((entry) => entry.kind === 'created')).toHaveLength(1);
    expect(timeline.length).toBeLessThan(5);

    // The resolution, then Alertmanager retrying it (as after a 5xx): the retry changes nothing.
    const resolution = await send(notification(resolved));
    expect(resolution.results[0]).toMatchObject({ outcome: 'ALERT_RESOLVED', incidentId: incident!.id });
    const retry = await send(notification(resolved));
    expect(retry.results[0]).toMatchObject({ outcome: 'IGNORED' });
    const after = await dataSource.getRepository(Incident).findOneByOrFail({ id: incident!.id });
    expect(after).toMatchObject({ status: 'RESOLVED', resolutionCode: 'RESOLVED_BY_CALLER', version: 2 });
  });
});
