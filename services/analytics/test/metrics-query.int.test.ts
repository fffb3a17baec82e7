import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { type Priority, incidentCreatedV1, incidentMajorDeclaredV1 } from '@mim/contracts';
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

const metricsQuery = `query Metrics($range: MetricsRange!, $filter: MetricsFilter, $groupBy: [MetricsDimension!], $interval: MetricsInterval) {
  metrics(range: $range, filter: $filter, groupBy: $groupBy, interval: $interval) {
    from to interval groupBy asOf
    series {
      key { dimension value }
      points { periodStart incidents majorIncidents timeToAcknowledge { count mean p50 p90 p95 } }
      total {
        incidents majorIncidents mtbfSeconds firstResponseSlaPercent resolutionSlaPercent
        timeToAcknowledge { count mean p50 p90 p95 }
        timeToResolve { count mean p50 p90 p95 }
        timeToDetect { count mean p50 p90 p95 }
        majorIncidentDowntime { count total mean p50 p90 p95 }
      }
      backlog { total lessThan1Day atLeast30Days }
      majorIncidentTrend { month majorIncidents changeFromPreviousMonthPercent changeFromFirstMonthPercent }
    }
  }
}`;
const csvQuery = `query Csv($range: MetricsRange!, $groupBy: [MetricsDimension!]) {
  metricsCsv(range: $range, groupBy: $groupBy)
}`;
const spring2016 = { from: '2016-03-01T00:00:00Z', to: '2016-05-01T00:00:00Z' };

describe('metrics and metricsCsv over HTTP (real PostgreSQL and NATS)', () => {
  let testService: TestService<AnalyticsEnv>;
  let service: RunningService;
  let analyst: string;
  let numbers = 0;

  beforeAll(async () => {
    testService = await startTestService(analyticsService, readEnv, {
      label: 'analytics_metrics',
      overrides: { ANALYTICS_REFRESH_MS: '50' },
    });
    ({ service } = testService);
    analyst = await tokenFor('ana', ['analyst']);
  });

  afterAll(async () => {
    await testService?.stop();
  });

  it('answers exact figures from published events; duplicates and out-of-order events change nothing', async () => {
    const a = created('2016-03-10T00:00:00Z', 'P1', -300);
    const b = created('2016-03-20T00:00:00Z', 'P2');
    const c = created('2016-04-05T00:00:00Z', 'P2');
    const events = [
      changed(b, 3, 'ACKNOWLEDGED', 'RESOLVED', 7200), // before b's creation
      changed(b, 2, 'NEW', 'ACKNOWLEDGED', 120),
      b,
      a,
      changed(a, 2, 'NEW', 'ACKNOWLEDGED', 60),
      declared(a, 3, 600),
      changed(a, 4, 'ACKNOWLEDGED', 'RESOLVED', 3600),
      c,
      changed(c, 2, 'NEW', 'ACKNOWLEDGED', 180),
    ];
    for (const event of events) await publish(event);
    // The same events again under new message ids, newest first (the inbox and the merge rule hold).
    for (const event of [...events].reverse()) await publish(event, `${event.id}-again`);

    const expected = {
      from: '2016-03-01T00:00:00.000Z',
      to: '2016-05-01T00:00:00.000Z',
      interval: 'MONTH',
      groupBy: [],
      series: [
        {
          key: [],
          points: [
            {
              periodStart: '2016-03-01T00:00:00.000Z',
              incidents: 2,
              majorIncidents: 1,
              timeToAcknowledge: { count: 2, mean: 90, p50: 90, p90: 114, p95: 117 },
            },
            {
              periodStart: '2016-04-01T00:00:00.000Z',
              incidents: 1,
              majorIncidents: 0,
              timeToAcknowledge: { count: 1, mean: 180, p50: 180, p90: 180, p95: 180 },
            },
          ],
          total: {
            incidents: 3,
            majorIncidents: 1,
            // (61 days - (3900 + 7200) downtime) / 3 incidents
            mtbfSeconds: (61 * 86_400 - 11_100) / 3,
            firstResponseSlaPercent: 100,
            resolutionSlaPercent: 100,
            timeToAcknowledge: { count: 3, mean: 120, p50: 120, p90: 168, p95: 174 },
            timeToResolve: { count: 2, mean: 5400, p50: 5400, p90: 6840, p95: 7020 },
            timeToDetect: { count: 1, mean: 300, p50: 300, p90: 300, p95: 300 },
            // a: failure start (-300 s) to resolution (+3600 s)
            majorIncidentDowntime: { count: 1, total: 3900, mean: 3900, p50: 3900, p90: 3900, p95: 3900 },
          },
          backlog: { total: 1, lessThan1Day: 0, atLeast30Days: 0 }, // c, 26 days old on May 1
          majorIncidentTrend: [
            {
              month: '2016-03-01T00:00:00.000Z',
              majorIncidents: 1,
              changeFromPreviousMonthPercent: null,
              changeFromFirstMonthPercent: 0,
            },
            {
              month: '2016-04-01T00:00:00.000Z',
              majorIncidents: 0,
              changeFromPreviousMonthPercent: -100,
              changeFromFirstMonthPercent: -100,
            },
          ],
        },
      ],
    };
    await eventually(async () => {
      const response = await query({ range: spring2016 });
      expect(response.errors).toBeUndefined();
      const { asOf, ...rest } = response.data!.metrics as Record<string, unknown>;
      expect(typeof asOf).toBe('string');
      expect(rest).toEqual(expected);
    });

    const grouped = await query({ range: spring2016, groupBy: ['PRIORITY', 'MAJOR'] });
    expect(
      (
        grouped.data!.metrics as {
          series: Array<{ key: Array<{ value: string }>; total: { incidents: number } }>;
        }
      ).series.map((one) => [one.key.map((k) => k.value).join('|'), one.total.incidents]),
    ).toEqual([
      ['P1|true', 1],
      ['P2|false', 2],
    ]);

    const csv = await graphqlRequest<{ metricsCsv: string }>(service.url, csvQuery, {
      token: analyst,
      variables: { range: spring2016, groupBy: ['PRIORITY'] },
    });
    expect(csv.errors).toBeUndefined();
    const lines = csv.data!.metricsCsv.trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 2 * 3); // header; per priority: two months and the total
    expect(
      lines[0]!.startsWith('priority,period_start,period_end,incidents,major_incidents,mtta_count'),
    ).toBe(true);
    expect(
      lines[1]!.startsWith('P1,2016-03-01T00:00:00.000Z,2016-04-01T00:00:00.000Z,1,1,1,60,60,60,60,'),
    ).toBe(true);
  });

  it('refuses callers without a reporting role with FORBIDDEN', async () => {
    for (const document of [metricsQuery, csvQuery]) {
      const response = await graphqlRequest(service.url, document, {
        token: await tokenFor('end', ['end_user']),
        variables: { range: spring2016 },
      });
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('refuses an unknown dimension as GRAPHQL_VALIDATION_FAILED', async () => {
    const response = await graphqlRequest(
      service.url,
      `{ metrics(range: { from: "2016-03-01T00:00:00Z", to: "2016-05-01T00:00:00Z" }, groupBy: [COLOUR]) { asOf } }`,
      { token: analyst },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // Through a variable, the same mistake is an input coercion error.
    const viaVariable = await query({ range: spring2016, groupBy: ['COLOUR'] });
    expect(viaVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it.each([
    ['to equal to from', { from: '2016-03-01T00:00:00Z', to: '2016-03-01T00:00:00Z' }],
    ['to before from', { from: '2016-03-01T00:00:00Z', to: '2016-02-01T00:00:00Z' }],
    ['more than ten years', { from: '2006-01-01T00:00:00Z', to: '2016-01-02T00:00:00Z' }],
  ])('refuses a range with %s as BAD_USER_INPUT', async (_case, range) => {
    const response = await query({ range });
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ path: 'range.to' })],
    });
  });

  it('refuses ten years by day grouped by service as METRICS_QUERY_TOO_EXPENSIVE, before running', async () => {
    const response = await query({
      range: { from: '2006-01-01T00:00:00Z', to: '2016-01-01T00:00:00Z' },
      groupBy: ['SERVICE'],
      interval: 'DAY',
    });
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'METRICS_QUERY_TOO_EXPENSIVE',
      intervals: 3652,
      limit: 1500,
    });
  });

  const query = (variables: Record<string, unknown>) =>
    graphqlRequest<{ metrics: unknown }>(service.url, metricsQuery, { token: analyst, variables });

  const publish = (event: { subject: string; id: string }, msgID?: string) =>
    publishEvent(service.deps.bus, event, msgID);

  function created(reportedAt: string, priority: Priority, failureStartedSeconds?: number) {
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
        kind: 'INCIDENT',
        status: 'NEW',
        priority,
        reportedAt: new Date(reportedAt).toISOString(),
        failureStartedAt:
          failureStartedSeconds === undefined
            ? null
            : new Date(Date.parse(reportedAt) + failureStartedSeconds * 1000).toISOString(),
      },
    });
  }

  const changed = statusChanged;

  function declared(incident: ReturnType<typeof created>, version: number, afterSeconds: number) {
    const at = new Date(Date.parse(incident.data.reportedAt) + afterSeconds * 1000);
    return newEvent(incidentMajorDeclaredV1, {
      aggregateId: incident.data.incidentId,
      aggregateVersion: version,
      actor: { kind: 'user', id: 'mim-1' },
      correlationId: incident.correlationId,
      occurredAt: at,
      data: {
        ...incidentMajorDeclaredV1.example,
        incidentId: incident.data.incidentId,
        number: incident.data.number,
        priority: incident.data.priority,
        declaredAt: at.toISOString(),
      },
    });
  }
});
