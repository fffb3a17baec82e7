import { seededRandom } from '@mim/testing';
import { type FactRecord, FactTable } from './fact-table';
import { type MetricsQuery, runMetricsQuery } from './metrics-query.domain';
import { rollupAnswers } from './metrics-query-rollup';

const limits = { maxIntervals: 1500, maxBuckets: 50_000 };
const services = ['api', 'db', 'mail', 'web', 'vpn'];
const statuses = ['NEW', 'ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'CANCELLED'] as const;
const start = Date.UTC(2023, 10, 1);
const span = Date.UTC(2024, 7, 1) - start;

function randomFact(next: () => number, incidentId: string): FactRecord {
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
  const maybe = (p: number, value: number) => (next() < p ? value : null);
  // Whole seconds, often equal: ties in the percentiles; a few fractional.
  const seconds = () => (next() < 0.8 ? Math.floor(next() * 20) * 60 : next() * 5000) * 1000;
  const reportedAt = next() < 0.02 ? null : start + Math.floor(next() * span);
  const reported = reportedAt ?? start;
  const serviceCount = Math.floor(next() * next() * 4);
  return {
    incidentId,
    kind: next() < 0.95 ? 'INCIDENT' : next() < 0.5 ? 'SERVICE_REQUEST' : null,
    status: next() < 0.05 ? 'CANCELLED' : pick(statuses.slice(0, 5)),
    priority: pick(['P1', 'P2', 'P3', 'P4'] as const),
    channel: 'PORTAL',
    category: null,
    supportTier: 'L1',
    team: null,
    affectedServices: Array.from({ length: serviceCount }, () => pick(services)),
    major: next() < 0.2,
    firstResponseBreached: next() < 0.2,
    resolutionBreached: next() < 0.2,
    reportedAt,
    failureStartedAt: maybe(0.5, reported - seconds()),
    acknowledgedAt: maybe(0.8, reported + seconds()),
    resolvedAt: maybe(0.7, reported + seconds() * 10),
    serviceRestoredAt: maybe(0.3, reported + seconds() * 5),
  };
}

/** Equal, numbers within a relative 1e-9 (sums add the same values in another order). */
function expectSameFigures(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (actual !== expected && Math.abs(actual - expected) > 1e-9 * Math.max(1, Math.abs(expected)))
      throw new Error(`${path}: ${actual} !== ${expected}`);
    return;
  }
  if (expected instanceof Date || expected === null || typeof expected !== 'object') {
    expect({ path, value: actual }).toEqual({ path, value: expected });
    return;
  }
  expect(Object.keys(actual as object).sort()).toEqual(Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected))
    expectSameFigures((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
}

describe('metrics from the monthly rollup', () => {
  it('equal the scan of every incident, for every query the rollup answers, after any changes', () => {
    const next = seededRandom(2024);
    // Built incident by incident (not in bulk), then changed: moved months, services, cancellations.
    const table = new FactTable();
    const ids = Array.from({ length: 600 }, (_, n) => `i-${n}`);
    for (const id of ids) table.upsert(randomFact(next, id));
    for (let change = 0; change < 900; change += 1)
      table.upsert(randomFact(next, ids[Math.floor(next() * ids.length)]!));

    let compared = 0;
    for (let round = 0; round < 120; round += 1) {
      const first = Math.floor(next() * 10);
      const months = 1 + Math.floor(next() * 10);
      const grouped = next() < 0.6;
      const filtered = grouped && next() < 0.4;
      const query: MetricsQuery = {
        from: new Date(Date.UTC(2023, 9 + first, 1)),
        to: new Date(Date.UTC(2023, 9 + first + months, 1)),
        filter: filtered ? { services: services.filter(() => next() < 0.5).concat('unknown') } : {},
        groupBy: grouped ? ['SERVICE'] : [],
        interval: 'MONTH',
        now: new Date(start + next() * span * 1.2),
      };
      expect(rollupAnswers(query)).toBe(true);
      const fromRollup = runMetricsQuery(table, query, limits);
      const scanned = runMetricsQuery(table, query, limits, { monthlyRollup: false });
      expectSameFigures(fromRollup, scanned);
      compared += scanned.series.length;
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('is not used where per-month, per-service sums cannot answer exactly', () => {
    const base: MetricsQuery = {
      from: new Date('2024-01-01T00:00:00Z'),
      to: new Date('2024-03-01T00:00:00Z'),
      filter: {},
      groupBy: ['SERVICE'],
      interval: 'MONTH',
      now: new Date('2024-06-01T00:00:00Z'),
    };
    expect(rollupAnswers(base)).toBe(true);
    expect(rollupAnswers({ ...base, groupBy: [] })).toBe(true);
    expect(rollupAnswers({ ...base, interval: 'WEEK' })).toBe(false);
    expect(rollupAnswers({ ...base, from: new Date('2024-01-02T00:00:00Z') })).toBe(false);
    expect(rollupAnswers({ ...base, to: new Date('2024-02-15T00:00:00Z') })).toBe(false);
    expect(rollupAnswers({ ...base, groupBy: ['PRIORITY'] })).toBe(false);
    expect(rollupAnswers({ ...base, groupBy: ['SERVICE', 'PRIORITY'] })).toBe(false);
    expect(rollupAnswers({ ...base, filter: { priorities: ['P1'] } })).toBe(false);
    expect(rollupAnswers({ ...base, filter: { majorOnly: true } })).toBe(false);
    // Ungrouped, an incident of two selected services must count once.
    expect(rollupAnswers({ ...base, groupBy: [], filter: { services: ['web'] } })).toBe(false);
    expect(rollupAnswers({ ...base, filter: { services: ['web'] } })).toBe(true);
  });
});
