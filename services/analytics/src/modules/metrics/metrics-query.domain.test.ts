import { DomainError } from '@mim/errors';
import { type FactRecord, FactTable } from './fact-table';
import { metricsCsv } from './metrics-csv';
import {
  type MetricsQuery,
  type MetricsSeries,
  assertMetricsRange,
  runMetricsQuery,
} from './metrics-query.domain';

const ms = (iso: string) => Date.parse(iso);
const s = 1000;
const day = 86_400;

let ids = 0;
function fact(reportedAt: string, facts: Partial<Omit<FactRecord, 'reportedAt'>> = {}): FactRecord {
  ids += 1;
  return {
    incidentId: `i-${ids}`,
    kind: 'INCIDENT',
    status: 'IN_PROGRESS',
    priority: 'P3',
    channel: 'PORTAL',
    category: null,
    supportTier: 'L1',
    team: null,
    affectedServices: [],
    major: false,
    firstResponseBreached: false,
    resolutionBreached: false,
    reportedAt: ms(reportedAt),
    failureStartedAt: null,
    acknowledgedAt: null,
    resolvedAt: null,
    serviceRestoredAt: null,
    ...facts,
  };
}
const after = (iso: string, seconds: number) => ms(iso) + seconds * s;

/**
 * The hand-computed data set: eight incidents in Q1 2024 (A..H), one cancelled, one service request,
 * one reported before the range and still open (Z: backlog only).
 */
const A = fact('2024-01-10T00:00:00Z', {
  affectedServices: ['web'],
  priority: 'P1',
  category: 'network',
  channel: 'PHONE',
  supportTier: 'L2',
  team: 'ops',
  major: true,
  failureStartedAt: after('2024-01-10T00:00:00Z', -600),
  acknowledgedAt: after('2024-01-10T00:00:00Z', 300),
  resolvedAt: after('2024-01-10T00:00:00Z', 7200),
  serviceRestoredAt: after('2024-01-10T00:00:00Z', 3600),
  status: 'RESOLVED',
});
const B = fact('2024-01-15T12:00:00Z', {
  affectedServices: ['web', 'db'],
  priority: 'P2',
  category: 'database',
  channel: 'EMAIL',
  team: 'dba',
  acknowledgedAt: after('2024-01-15T12:00:00Z', 600),
  resolvedAt: after('2024-01-15T12:00:00Z', day),
  resolutionBreached: true,
  status: 'CLOSED',
});
const C = fact('2024-02-05T00:00:00Z', {
  affectedServices: ['db'],
  acknowledgedAt: after('2024-02-05T00:00:00Z', 1200),
  firstResponseBreached: true,
});
const D = fact('2024-02-20T00:00:00Z', {
  affectedServices: ['web'],
  priority: 'P1',
  category: 'network',
  channel: 'MONITORING',
  supportTier: 'L2',
  team: 'ops',
  major: true,
  failureStartedAt: after('2024-02-20T00:00:00Z', -1200),
  acknowledgedAt: after('2024-02-20T00:00:00Z', 60),
  resolvedAt: after('2024-02-20T00:00:00Z', 10_800),
  serviceRestoredAt: after('2024-02-20T00:00:00Z', 5400),
  status: 'RESOLVED',
});
const E = fact('2024-03-01T00:00:00Z', {
  affectedServices: ['web'],
  priority: 'P2',
  category: 'network',
  channel: 'PHONE',
  team: 'ops',
  major: true,
  acknowledgedAt: after('2024-03-01T00:00:00Z', 120),
  resolvedAt: after('2024-03-01T00:00:00Z', 3600),
  status: 'RESOLVED',
});
const F = fact('2024-03-04T06:00:00Z', {
  affectedServices: ['db'],
  category: 'database',
  team: 'dba',
  major: true,
  acknowledgedAt: after('2024-03-04T06:00:00Z', 1800),
});
const G = fact('2024-03-31T23:00:00Z', {
  affectedServices: ['web'],
  priority: 'P4',
  channel: 'EMAIL',
  status: 'NEW',
});
const H = fact('2024-03-20T00:00:00Z', {
  affectedServices: ['db'],
  category: 'database',
  channel: 'CHAT',
  team: 'dba',
  acknowledgedAt: after('2024-03-20T00:00:00Z', 600),
  resolvedAt: ms('2024-04-05T00:00:00Z'),
  status: 'RESOLVED',
});
const cancelled = fact('2024-01-20T00:00:00Z', {
  affectedServices: ['web'],
  status: 'CANCELLED',
  acknowledgedAt: ms('2024-01-20T01:00:00Z'),
});
const request = fact('2024-02-10T00:00:00Z', {
  kind: 'SERVICE_REQUEST',
  affectedServices: ['web'],
  resolvedAt: ms('2024-02-10T01:00:00Z'),
});
const Z = fact('2023-12-20T00:00:00Z', { affectedServices: ['db'] });

const facts = FactTable.of([A, B, C, D, E, F, G, H, cancelled, request, Z]);
const limits = { maxIntervals: 1500, maxBuckets: 50_000 };
const quarter: MetricsQuery = {
  from: new Date('2024-01-01T00:00:00Z'),
  to: new Date('2024-04-01T00:00:00Z'),
  filter: {},
  groupBy: [],
  interval: 'MONTH',
  now: new Date('2024-04-10T00:00:00Z'),
};
const run = (query: Partial<MetricsQuery> = {}) => runMetricsQuery(facts, { ...quarter, ...query }, limits);
/** Percentiles are floating point ((n - 1) * q): compared to 9 decimals, like any float. */
const close = (value: number | null) => (value === null ? null : expect.closeTo(value, 9));
const stats = (
  count: number,
  mean: number | null,
  p50: number | null,
  p90: number | null,
  p95: number | null,
) => ({
  count,
  mean: close(mean),
  p50: close(p50),
  p90: close(p90),
  p95: close(p95),
});
const none = stats(0, null, null, null, null);
const byKey = (series: MetricsSeries[]) =>
  Object.fromEntries(series.map((one) => [one.key.map((entry) => entry.value).join('|'), one]));

describe('metrics query engine (hand-computed figures)', () => {
  it('gives every metric per month and for the whole range, ungrouped', () => {
    const { series } = run();
    expect(series).toHaveLength(1);
    const [only] = series;
    expect(only!.key).toEqual([]);
    const [jan, feb, mar] = only!.points;
    expect(
      only!.points.map((p) => [
        p.periodStart.toISOString(),
        p.periodEnd.toISOString(),
        p.incidents,
        p.majorIncidents,
      ]),
    ).toEqual([
      ['2024-01-01T00:00:00.000Z', '2024-02-01T00:00:00.000Z', 2, 1],
      ['2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z', 2, 1],
      ['2024-03-01T00:00:00.000Z', '2024-04-01T00:00:00.000Z', 4, 2],
    ]);
    // MTTA: Jan [300, 600]; Feb [60, 1200]; Mar [120, 600, 1800] (G never acknowledged).
    expect(jan!.timeToAcknowledge).toEqual(stats(2, 450, 450, 570, 585));
    expect(feb!.timeToAcknowledge).toEqual(stats(2, 630, 630, 1086, 1143));
    expect(mar!.timeToAcknowledge).toEqual(stats(3, 840, 600, 1560, 1680));
    // MTTR: Jan [7200, 86400]; Feb [10800]; Mar [3600, 16 days] (H resolved after the range, still counted).
    expect(jan!.timeToResolve).toEqual(stats(2, 46_800, 46_800, 78_480, 82_440));
    expect(feb!.timeToResolve).toEqual(stats(1, 10_800, 10_800, 10_800, 10_800));
    expect(mar!.timeToResolve).toEqual(stats(2, 693_000, 693_000, 1_244_520, 1_313_460));
    // MTTD: A 600, D 1200.
    expect(jan!.timeToDetect).toEqual(stats(1, 600, 600, 600, 600));
    expect(feb!.timeToDetect).toEqual(stats(1, 1200, 1200, 1200, 1200));
    expect(mar!.timeToDetect).toEqual(none);
    // Major downtime: A 600 + 3600 = 4200 (failure start to restoration); D 6600; E 3600 (report to resolution); F unknown.
    expect(jan!.majorIncidentDowntime).toEqual({ ...stats(1, 4200, 4200, 4200, 4200), total: 4200 });
    expect(mar!.majorIncidentDowntime).toEqual({ ...stats(1, 3600, 3600, 3600, 3600), total: 3600 });
    // SLA: Feb: C breached first response, D did not -> 50 %; Jan: B breached resolution, A did not -> 50 %.
    expect([jan, feb, mar].map((p) => p!.firstResponseSlaPercent)).toEqual([100, 50, 100]);
    expect([jan, feb, mar].map((p) => p!.resolutionSlaPercent)).toEqual([50, 100, 100]);
    // MTBF: (31 days - (4200 + 86400)) / 2; (29 days - 6600) / 2; (31 days - (3600 + 1382400)) / 4.
    expect([jan, feb, mar].map((p) => p!.mtbfSeconds)).toEqual([1_293_900, 1_249_500, 323_100]);

    const total = only!.total;
    expect(total.periodStart.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(total.periodEnd.toISOString()).toBe('2024-04-01T00:00:00.000Z');
    expect(total.incidents).toBe(8);
    expect(total.majorIncidents).toBe(4);
    // [60, 120, 300, 600, 600, 1200, 1800]: p90 at rank 5.4, p95 at 5.7.
    expect(total.timeToAcknowledge).toEqual(stats(7, 4680 / 7, 600, 1440, 1620));
    // [3600, 7200, 10800, 86400, 1382400]
    expect(total.timeToResolve).toEqual(stats(5, 298_080, 10_800, 864_000, 1_123_200));
    expect(total.timeToDetect).toEqual(stats(2, 900, 900, 1140, 1170));
    expect(total.majorIncidentDowntime).toEqual({ ...stats(3, 4800, 4200, 6120, 6360), total: 14_400 });
    expect(total.firstResponseSlaPercent).toBeCloseTo((6 / 7) * 100, 10);
    expect(total.resolutionSlaPercent).toBe(80);
    expect(total.mtbfSeconds).toBe((91 * day - (90_600 + 6600 + 1_386_000)) / 8);
  });

  it('counts the open backlog by age as of the end of the range, whenever reported', () => {
    const { series } = run();
    // C (56 days), Z (103 days); F (27.75 days), H (12 days, resolved after the range); G (1 hour).
    expect(series[0]!.backlog).toEqual({
      asOf: new Date('2024-04-01T00:00:00Z'),
      total: 5,
      lessThan1Day: 1,
      from1To3Days: 0,
      from3To7Days: 0,
      from7To30Days: 2,
      atLeast30Days: 2,
    });
  });

  it('gives the major-incident trend against the previous and the first month', () => {
    expect(run().series[0]!.majorIncidentTrend).toEqual([
      {
        month: new Date('2024-01-01T00:00:00Z'),
        majorIncidents: 1,
        changeFromPreviousMonthPercent: null,
        changeFromFirstMonthPercent: 0,
      },
      {
        month: new Date('2024-02-01T00:00:00Z'),
        majorIncidents: 1,
        changeFromPreviousMonthPercent: 0,
        changeFromFirstMonthPercent: 0,
      },
      {
        month: new Date('2024-03-01T00:00:00Z'),
        majorIncidents: 2,
        changeFromPreviousMonthPercent: 100,
        changeFromFirstMonthPercent: 100,
      },
    ]);
  });

  it('clips operating time and the backlog to now', () => {
    const [only] = run({ now: new Date('2024-02-15T00:00:00Z') }).series;
    // Feb: 14 days operated - D's 6600 s, over 2 incidents; March has not started: 0 operating time.
    expect(only!.points.map((p) => p.mtbfSeconds)).toEqual([1_293_900, (14 * day - 6600) / 2, 0]);
    // As of Feb 15: C (10 days) and Z; A and B were resolved by then.
    expect(only!.backlog).toMatchObject({
      asOf: new Date('2024-02-15T00:00:00Z'),
      total: 2,
      from7To30Days: 1,
      atLeast30Days: 1,
    });
  });

  it('groups by service: an incident counts in each of its services, each service its own system', () => {
    const { series } = run({ groupBy: ['SERVICE'] });
    expect(series.map((one) => one.key)).toEqual([
      [{ dimension: 'SERVICE', value: 'db' }],
      [{ dimension: 'SERVICE', value: 'web' }],
    ]);
    const { db, web } = byKey(series);
    expect(web!.points.map((p) => p.incidents)).toEqual([2, 1, 2]); // A B | D | E G
    expect(db!.points.map((p) => p.incidents)).toEqual([1, 1, 2]); // B | C | F H
    expect(web!.total.timeToAcknowledge).toEqual(stats(4, 270, 210, 510, 555)); // [60, 120, 300, 600]
    expect(db!.total.timeToAcknowledge).toEqual(stats(4, 1050, 900, 1620, 1710)); // [600, 600, 1200, 1800]
    expect(web!.points[0]!.mtbfSeconds).toBe((31 * day - 90_600) / 2);
    expect(db!.points[0]!.mtbfSeconds).toBe(31 * day - 86_400);
    expect(web!.backlog.total).toBe(1); // G
    expect(db!.backlog).toMatchObject({ total: 4, from7To30Days: 2, atLeast30Days: 2 }); // F H | C Z
    expect(
      db!.majorIncidentTrend.map((m) => [
        m.majorIncidents,
        m.changeFromPreviousMonthPercent,
        m.changeFromFirstMonthPercent,
      ]),
    ).toEqual([
      [0, null, null],
      [0, null, null],
      [1, null, null],
    ]);
  });

  it.each([
    ['PRIORITY', { P1: 2, P2: 2, P3: 3, P4: 1 }],
    ['CATEGORY', { '(none)': 2, database: 3, network: 3 }],
    ['CHANNEL', { CHAT: 1, EMAIL: 2, MONITORING: 1, PHONE: 2, PORTAL: 2 }],
    ['TIER', { L1: 6, L2: 2 }],
    ['TEAM', { '(none)': 2, dba: 3, ops: 3 }],
    ['MAJOR', { false: 4, true: 4 }],
  ] as const)('groups by %s, series sorted by key', (dimension, expected) => {
    const { series } = run({ groupBy: [dimension] });
    expect(series.map((one) => [one.key[0]!.value, one.total.incidents])).toEqual(Object.entries(expected));
  });

  it('groups by several dimensions: the combinations present', () => {
    const { series } = run({ groupBy: ['TEAM', 'MAJOR'] });
    expect(series.map((one) => [one.key.map((k) => k.value).join('|'), one.total.incidents])).toEqual([
      ['(none)|false', 2],
      ['dba|false', 2],
      ['dba|true', 1],
      ['ops|true', 3],
    ]);
  });

  it('filters: AND between fields, OR within a list, services by overlap', () => {
    expect(run({ filter: { priorities: ['P1'] } }).series[0]!.total.incidents).toBe(2);
    expect(run({ filter: { priorities: ['P1', 'P4'] } }).series[0]!.total.incidents).toBe(3);
    expect(run({ filter: { services: ['db'], majorOnly: true } }).series[0]!.total.incidents).toBe(1); // F
    expect(run({ filter: { services: ['web'] } }).series[0]!.total.incidents).toBe(5); // A B D E G
    expect(run({ filter: { teams: ['ops'], channels: ['PHONE'] } }).series[0]!.total.incidents).toBe(2); // A E
    expect(run({ filter: { categories: ['unknown'] } }).series[0]!.total.incidents).toBe(0);
    expect(run({ filter: { tiers: ['L2'] } }).series[0]!.total.timeToAcknowledge).toEqual(
      stats(2, 180, 180, 276, 288),
    );
    // Grouped by service and filtered on one: only that service's series.
    expect(
      run({ groupBy: ['SERVICE'], filter: { services: ['web'] } }).series.map((one) => one.key[0]!.value),
    ).toEqual(['web']);
  });

  it('cuts weeks on Mondays (UTC) and days at midnight, clipping the first and last bucket to the range', () => {
    const weeks = run({
      from: new Date('2024-02-01T00:00:00Z'),
      to: new Date('2024-02-15T00:00:00Z'),
      interval: 'WEEK',
    });
    expect(
      weeks.series[0]!.points.map((p) => [
        p.periodStart.toISOString().slice(0, 10),
        p.periodEnd.toISOString().slice(0, 10),
        p.incidents,
      ]),
    ).toEqual([
      ['2024-02-01', '2024-02-05', 0],
      ['2024-02-05', '2024-02-12', 1], // C, Monday Feb 5
      ['2024-02-12', '2024-02-15', 0],
    ]);
    const days = run({
      from: new Date('2024-03-01T00:00:00Z'),
      to: new Date('2024-03-04T12:00:00Z'),
      interval: 'DAY',
    });
    expect(days.series[0]!.points.map((p) => [p.periodStart.toISOString(), p.incidents])).toEqual([
      ['2024-03-01T00:00:00.000Z', 1], // E
      ['2024-03-02T00:00:00.000Z', 0],
      ['2024-03-03T00:00:00.000Z', 0],
      ['2024-03-04T00:00:00.000Z', 1], // F at 06:00, before the clipped end at 12:00
    ]);
    expect(days.series[0]!.points[3]!.periodEnd.toISOString()).toBe('2024-03-04T12:00:00.000Z');
  });

  it('includes empty buckets with zeros and nulls, and no series when grouped with no incident', () => {
    const [only] = run({
      from: new Date('2030-01-01T00:00:00Z'),
      to: new Date('2030-03-01T00:00:00Z'),
    }).series;
    expect(only!.points).toHaveLength(2);
    expect(only!.points[0]).toMatchObject({
      incidents: 0,
      majorIncidents: 0,
      timeToAcknowledge: none,
      mtbfSeconds: null,
      firstResponseSlaPercent: null,
    });
    expect(
      run({
        from: new Date('2030-01-01T00:00:00Z'),
        to: new Date('2030-03-01T00:00:00Z'),
        groupBy: ['PRIORITY'],
        now: new Date('2020-01-01T00:00:00Z'),
      }).series,
    ).toEqual([]);
  });

  it('refuses a query too expensive before scanning, with a coded error', () => {
    const tenYearsByDay = () =>
      run({
        from: new Date('2015-01-01T00:00:00Z'),
        to: new Date('2025-01-01T00:00:00Z'),
        interval: 'DAY',
        groupBy: ['SERVICE'],
      });
    expect(tenYearsByDay).toThrow(
      expect.objectContaining({
        code: 'METRICS_QUERY_TOO_EXPENSIVE',
        details: { intervals: 3653, estimatedBuckets: 3653 * 3, limit: 1500 },
      }),
    );
    // Three services known ((none), web, db) x 3 months = 9 buckets.
    const small = { maxIntervals: 100, maxBuckets: 5 };
    expect(() => runMetricsQuery(facts, { ...quarter, groupBy: ['SERVICE'] }, small)).toThrow(
      expect.objectContaining({
        code: 'METRICS_QUERY_TOO_EXPENSIVE',
        details: { intervals: 3, estimatedBuckets: 9, limit: 5 },
      }),
    );
    // A filter narrows the estimate.
    expect(
      runMetricsQuery(facts, { ...quarter, groupBy: ['SERVICE'], filter: { services: ['web'] } }, small)
        .series,
    ).toHaveLength(1);
  });

  it.each([
    ['to equal to from', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'],
    ['to before from', '2024-02-01T00:00:00Z', '2024-01-01T00:00:00Z'],
    ['more than ten years', '2014-01-01T00:00:00Z', '2024-01-01T00:00:01Z'],
  ])('refuses a range with %s as BAD_USER_INPUT on range.to', (_case, from, to) => {
    const attempt = () => assertMetricsRange(new Date(from), new Date(to));
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        details: { fields: [expect.objectContaining({ path: 'range.to' })] },
      }),
    );
  });

  it('writes CSV rows per series and point plus totals, neutralising formulas', () => {
    const table = FactTable.of([
      fact('2024-01-02T00:00:00Z', {
        affectedServices: ['=HYPERLINK("x")'],
        acknowledgedAt: ms('2024-01-02T00:01:00Z'),
      }),
    ]);
    const csv = metricsCsv(
      runMetricsQuery(
        table,
        { ...quarter, to: new Date('2024-02-01T00:00:00Z'), groupBy: ['SERVICE'] },
        limits,
      ),
    );
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'service,period_start,period_end,incidents,major_incidents,mtta_count,mtta_mean,mtta_p50,mtta_p90,mtta_p95,mttr_count,mttr_mean,mttr_p50,mttr_p90,mttr_p95,mttd_count,mttd_mean,mttd_p50,mttd_p90,mttd_p95,downtime_count,downtime_total,downtime_mean,downtime_p50,downtime_p90,downtime_p95,mtbf_seconds,sla_first_response_pct,sla_resolution_pct',
    );
    expect(lines).toHaveLength(3); // header, the one month, the total
    expect(lines[1]).toBe(
      `"'=HYPERLINK(""x"")",2024-01-01T00:00:00.000Z,2024-02-01T00:00:00.000Z,1,0,1,60,60,60,60,0,,,,,0,,,,,0,0,,,,,${31 * day},100,`,
    );
  });
});
