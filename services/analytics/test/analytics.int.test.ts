import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { incidentCreatedV1 } from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import type { RunningService } from '@mim/service-kit';
import {
  type TestService,
  eventually,
  graphqlRequest,
  publishEvent,
  startTestService,
  tokenFor,
} from '@mim/testing';
import { type AnalyticsEnv, readEnv } from '../src/env';
import { analyticsService } from '../src/service-definition';
import { statusChanged } from './analytics.fixtures';

interface Durations {
  timeToAcknowledgeSeconds: number | null;
  timeToResolveSeconds: number | null;
  timeToDetectSeconds: number | null;
}

const summaryQuery = `query Summary($from: DateTime!, $to: DateTime!) {
  incidentMetricsSummary(from: $from, to: $to) {
    from to incidentCount acknowledgedCount resolvedCount mttaSeconds mttrSeconds mttdSeconds
  }
}`;

describe('analytics service (real PostgreSQL and NATS)', () => {
  let testService: TestService<AnalyticsEnv>;
  let service: RunningService;
  let analyst: string;
  let numbers = 0;

  beforeAll(async () => {
    testService = await startTestService(analyticsService, readEnv, { label: 'analytics' });
    ({ service } = testService);
    analyst = await tokenFor('ana', ['analyst']);
  });

  afterAll(async () => {
    await testService?.stop();
  });

  it('gives exact times to acknowledge, resolve and detect through Incident.metrics, to staff only', async () => {
    const incident = created('2021-03-01T10:00:00Z', { failureStartedSeconds: -300 });
    await publish(incident);
    await publish(changed(incident, 2, 'NEW', 'ACKNOWLEDGED', 90));
    await publish(changed(incident, 3, 'ACKNOWLEDGED', 'RESOLVED', 5400));
    await eventually(async () =>
      expect(await metricsOf([incident], analyst)).toEqual([
        { timeToAcknowledgeSeconds: 90, timeToResolveSeconds: 5400, timeToDetectSeconds: 300 },
      ]),
    );
    expect(await metricsOf([incident], await tokenFor('end', ['end_user']))).toEqual([null]);
  });

  it('yields the right figures when status_changed arrives before created', async () => {
    const incident = created('2021-04-01T08:00:00Z', { failureStartedSeconds: -60 });
    await publish(changed(incident, 2, 'NEW', 'RESOLVED', 1800));
    // Demonstrably handled: the row exists, with no figures yet (the report time is still unknown).
    await eventually(async () => {
      const [row] = await service.deps.dataSource.query<Array<{ status: string }>>(
        `SELECT status FROM incident_metrics WHERE incident_id = $1`,
        [incident.data.incidentId],
      );
      expect(row?.status).toBe('RESOLVED');
    });
    expect(await metricsOf([incident], analyst)).toEqual([
      { timeToAcknowledgeSeconds: null, timeToResolveSeconds: null, timeToDetectSeconds: null },
    ]);
    await publish(incident);
    await eventually(async () =>
      expect(await metricsOf([incident], analyst)).toEqual([
        { timeToAcknowledgeSeconds: 1800, timeToResolveSeconds: 1800, timeToDetectSeconds: 60 },
      ]),
    );
  });

  it('changes nothing when events are published again, with or without the inbox', async () => {
    const incident = created('2021-05-01T08:00:00Z');
    const events = [
      incident,
      changed(incident, 2, 'NEW', 'RESOLVED', 600),
      changed(incident, 3, 'RESOLVED', 'IN_PROGRESS', 900),
      changed(incident, 4, 'IN_PROGRESS', 'RESOLVED', 1200),
    ];
    for (const event of events) await publish(event);
    const expected = { timeToAcknowledgeSeconds: 600, timeToResolveSeconds: 1200, timeToDetectSeconds: null };
    await eventually(async () => expect(await metricsOf([incident], analyst)).toEqual([expected]));
    const before = await rowOf(incident.data.incidentId);

    // The same envelopes under new message ids (the inbox stops them), then oldest-last without the inbox
    // (the merge rule must hold on its own).
    for (const event of events) await publish(event, `${event.id}-again`);
    await markerProcessed();
    await service.deps.dataSource.query(`DELETE FROM inbox_message WHERE event_id = ANY($1::uuid[])`, [
      events.map((event) => event.id),
    ]);
    for (const event of [...events].reverse()) await publish(event, `${event.id}-third`);
    await markerProcessed();

    const handled = await service.deps.dataSource.query<[{ count: number }]>(
      `SELECT count(*)::int AS count FROM inbox_message WHERE event_id = ANY($1::uuid[])`,
      [events.map((event) => event.id)],
    );
    expect(handled[0].count).toBe(4);
    expect(await metricsOf([incident], analyst)).toEqual([expected]);
    expect(await rowOf(incident.data.incidentId)).toEqual(before);
  });

  it('summarises exactly the incidents reported in [from, to)', async () => {
    const a = created('2015-06-01T00:00:00Z', { failureStartedSeconds: -120 });
    const b = created('2015-06-10T12:00:00Z');
    const c = created('2015-06-20T00:00:00Z', { failureStartedSeconds: -60 });
    const outside = created('2015-07-01T00:00:00Z', { failureStartedSeconds: -1 });
    const request = created('2015-06-15T00:00:00Z', { kind: 'SERVICE_REQUEST' });
    const events = [
      changed(a, 2, 'NEW', 'ACKNOWLEDGED', 60),
      a,
      changed(a, 3, 'ACKNOWLEDGED', 'RESOLVED', 600),
      b,
      changed(b, 2, 'NEW', 'IN_PROGRESS', 120),
      changed(b, 3, 'IN_PROGRESS', 'RESOLVED', 1200),
      c,
      changed(c, 2, 'NEW', 'ACKNOWLEDGED', 300),
      outside,
      changed(outside, 2, 'NEW', 'RESOLVED', 1),
      request,
      changed(request, 2, 'NEW', 'RESOLVED', 10_000),
    ];
    for (const event of events) await publish(event);
    // Wait until every event is in, the excluded ones included, then assert once.
    await eventually(async () =>
      expect(
        (await metricsOf([a, b, c, outside, request], analyst)).map((m) => m?.timeToAcknowledgeSeconds),
      ).toEqual([60, 120, 300, 1, 10_000]),
    );
    const response = await graphqlRequest<{ incidentMetricsSummary: Record<string, unknown> }>(
      service.url,
      summaryQuery,
      {
        token: await tokenFor('mim', ['major_incident_manager']),
        variables: { from: '2015-06-01T00:00:00Z', to: '2015-07-01T00:00:00Z' },
      },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.incidentMetricsSummary).toEqual({
      from: '2015-06-01T00:00:00.000Z',
      to: '2015-07-01T00:00:00.000Z',
      incidentCount: 3,
      acknowledgedCount: 3,
      resolvedCount: 2,
      mttaSeconds: 160, // (60 + 120 + 300) / 3
      mttrSeconds: 900, // (600 + 1200) / 2
      mttdSeconds: 90, // (120 + 60) / 2
    });
  });

  it.each([
    ['from = to', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'],
    ['from after to', '2020-02-01T00:00:00Z', '2020-01-01T00:00:00Z'],
    ['more than three years', '2020-01-01T00:00:00Z', '2023-01-01T00:00:01Z'],
  ])('refuses a summary period with %s as BAD_USER_INPUT', async (_case, from, to) => {
    const response = await graphqlRequest(service.url, summaryQuery, {
      token: analyst,
      variables: { from, to },
    });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses the summary to an end user (and a technician) with FORBIDDEN', async () => {
    for (const token of [
      await tokenFor('end', ['end_user']),
      await tokenFor('tech', ['service_desk_technician']),
    ]) {
      const response = await graphqlRequest(service.url, summaryQuery, {
        token,
        variables: { from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z' },
      });
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  function created(
    reportedAt: string,
    options: { failureStartedSeconds?: number; kind?: 'INCIDENT' | 'SERVICE_REQUEST' } = {},
  ) {
    numbers += 1;
    const incidentId = randomUUID();
    return newEvent(incidentCreatedV1, {
      aggregateId: incidentId,
      aggregateVersion: 1,
      actor: { kind: 'user', id: 'tech-1' },
      correlationId: `test-${incidentId}`,
      occurredAt: new Date(reportedAt),
      data: {
        ...incidentCreatedV1.example,
        incidentId,
        number: `INC-${String(numbers).padStart(6, '0')}`,
        kind: options.kind ?? 'INCIDENT',
        reportedAt: new Date(reportedAt).toISOString(),
        failureStartedAt:
          options.failureStartedSeconds === undefined
            ? null
            : new Date(Date.parse(reportedAt) + options.failureStartedSeconds * 1000).toISOString(),
      },
    });
  }

  const changed = statusChanged;

  /** Publishes as a producer's outbox relay would, to this service's stream. */
  const publish = (event: { subject: string; id: string }, msgID?: string) =>
    publishEvent(service.deps.bus, event, msgID);

  /**
   * A fresh incident's created and status_changed events, published after everything before: each of
   * the two consumers handles its subject in stream order, so once both show, all earlier ones were handled.
   */
  async function markerProcessed(): Promise<void> {
    const marker = created('2010-01-01T00:00:00Z');
    await publish(marker);
    await publish(changed(marker, 2, 'NEW', 'RESOLVED', 42));
    await eventually(async () =>
      expect((await metricsOf([marker], analyst))[0]?.timeToResolveSeconds).toBe(42),
    );
  }

  async function metricsOf(incidents: Array<{ data: { incidentId: string } }>, token: string) {
    const response = await graphqlRequest<{ _entities: Array<{ metrics: Durations | null }> }>(
      service.url,
      `query($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Incident { metrics { timeToAcknowledgeSeconds timeToResolveSeconds timeToDetectSeconds } }
      } }`,
      {
        token,
        variables: { reps: incidents.map((i) => ({ __typename: 'Incident', id: i.data.incidentId })) },
      },
    );
    expect(response.errors).toBeUndefined();
    return response.data!._entities.map((entity) => entity.metrics);
  }

  async function rowOf(incidentId: string): Promise<Record<string, unknown>> {
    const [row] = await service.deps.dataSource.query<[Record<string, unknown>]>(
      `SELECT number, kind, priority, channel, affected_services, reported_at, failure_started_at,
              acknowledged_at, resolved_at, resolution_version, status, last_aggregate_version
         FROM incident_metrics WHERE incident_id = $1`,
      [incidentId],
    );
    return row;
  }
});
