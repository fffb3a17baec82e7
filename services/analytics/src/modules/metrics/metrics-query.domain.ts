import { type FactColumns, KIND_INCIDENT, STATUS_CANCELLED } from './fact-table';
import {
  type DimensionView,
  type MetricsDimension,
  type MetricsFilter,
  dimensionView,
  localCodes,
} from './metrics-dimensions';
import { type MetricsInterval, bucketBoundaries, bucketOfDayTable } from './metrics-intervals';
import { rollupAnswers, seriesFromRollup } from './metrics-query-rollup';
import { type MetricsSeries, SeriesAccumulator, type SeriesGrouping, seriesResult } from './metrics-series';
import { invalidRange, queryTooExpensive } from './metrics.errors';

export type { MetricsDimension, MetricsFilter } from './metrics-dimensions';
export type { MetricsInterval } from './metrics-intervals';
export type {
  BacklogByAge,
  DowntimeStats,
  DurationStats,
  MajorIncidentTrendPoint,
  MetricsPoint,
  MetricsSeries,
} from './metrics-series';

/**
 * A metrics query (issue 8). Definitions, as implemented:
 * - Population: incidents of kind INCIDENT (service requests excluded), not CANCELLED, reported
 *   (reported_at) in [from, to); bucketed by reported_at in UTC: DAY, WEEK (ISO weeks starting Monday
 *   00:00 UTC), MONTH (calendar months). The first and last bucket are clipped to the range.
 * - MTTA = acknowledged_at - reported_at (incidents acknowledged); MTTR = resolved_at - reported_at
 *   (incidents resolved); MTTD = reported_at - failure_started_at (failure start known). Each as
 *   DurationStats {count, mean, p50, p90, p95} in seconds; percentiles interpolate linearly between the
 *   closest ranks, exactly like PostgreSQL's percentile_cont (position (n - 1) * q); null when count is 0.
 * - Major incidents: their count; their downtime (failure start, else report -> service restored, else
 *   resolved; never negative: `downtimeSeconds` of metrics.domain.ts) as DurationStats plus its total.
 * - SLA compliance: firstResponseSlaPercent = among incidents whose first-response clock ended
 *   (acknowledged, or first response breached) the % not breached; resolutionSlaPercent likewise
 *   (resolved, or resolution breached); null when none ended.
 * - MTBF = (operating time - total downtime of the bucket's incidents, floored at 0) / number of
 *   incidents (failures) in the bucket; operating time = the bucket's length clipped to the range and to
 *   `now`; null when no failure. Grouped by SERVICE each service is its own system; otherwise each group
 *   is one system.
 * - Open backlog by age, per series, as of min(to, now): incidents reported before that instant and not
 *   resolved by it (resolved_at null or later), not cancelled (as they stand now), whenever reported:
 *   counts by age < 1 day, 1-3 days, 3-7 days, 7-30 days, >= 30 days.
 * - Major-incident trend, per series: the calendar months overlapping the range, each with its major
 *   incidents (of the population) and the % change against the previous month and against the first
 *   month of the range, (x - base) / base * 100, null when the base is 0.
 * - Filter: AND between fields, OR within a list; services match by overlap. groupBy: the series are the
 *   combinations of values present; an incident with several services counts in each service's series
 *   (none: "(none)"); unknown category, team, tier, priority or channel: "(none)"; MAJOR: "true"/"false".
 *   Every series has one point per bucket (empty ones too), a total over the whole range, its backlog and
 *   its trend; series are sorted by key. Without groupBy there is exactly one series, with an empty key.
 */
export interface MetricsQuery {
  from: Date;
  to: Date;
  filter: MetricsFilter;
  groupBy: readonly MetricsDimension[];
  interval: MetricsInterval;
  /** The clock: operating time and the backlog stop here. */
  now: Date;
}

export interface MetricsLimits {
  /** Buckets on the time axis of one series. */
  maxIntervals: number;
  /** Intervals times the estimated number of series. */
  maxBuckets: number;
}

export interface MetricsAnswer {
  from: Date;
  to: Date;
  interval: MetricsInterval;
  groupBy: MetricsDimension[];
  series: MetricsSeries[];
}

/** The longest range a metrics query covers. */
export const maxRangeYears = 10;

/** A metrics range is half-open, [from, to): `to` after `from` and at most ten calendar years later. */
export function assertMetricsRange(from: Date, to: Date): void {
  if (Number.isNaN(from.getTime())) throw invalidRange('range.from', 'must be a valid instant');
  if (Number.isNaN(to.getTime())) throw invalidRange('range.to', 'must be a valid instant');
  if (to.getTime() <= from.getTime()) throw invalidRange('range.to', 'must be after range.from');
  const limit = new Date(from);
  limit.setUTCFullYear(limit.getUTCFullYear() + maxRangeYears);
  if (to.getTime() > limit.getTime())
    throw invalidRange('range.to', `must be at most ${maxRangeYears} years after range.from`);
}

/** The cost guard, before any scanning: intervals, and intervals times the estimated number of series. */
export function planMetricsQuery(facts: FactColumns, query: MetricsQuery, limits: MetricsLimits) {
  assertMetricsRange(query.from, query.to);
  const boundaries = bucketBoundaries(query.from.getTime(), query.to.getTime(), query.interval);
  const intervals = boundaries.length - 1;
  let groups = 1;
  let stride = 1;
  const groupings: SeriesGrouping[] = [];
  for (const dimension of query.groupBy) {
    const view = dimensionView(facts, dimension, query.filter);
    const { local, size } = localCodes(view);
    groupings.push({ dimension, view, local, stride });
    stride *= size;
    groups *= size;
  }
  const estimatedBuckets = intervals * groups;
  if (intervals > limits.maxIntervals)
    throw queryTooExpensive({ intervals, estimatedBuckets, limit: limits.maxIntervals });
  if (estimatedBuckets > limits.maxBuckets)
    throw queryTooExpensive({ intervals, estimatedBuckets, limit: limits.maxBuckets });
  return { boundaries, groupings, groups };
}

/**
 * Answers a metrics query. Whole calendar months grouped by service or not at all are read from the
 * monthly rollup the fact table keeps (monthly-rollup.ts); every other shape, or `monthlyRollup: false`,
 * scans the facts in one pass: each incident of the population goes to its (series, bucket)
 * accumulator, then each accumulator's values give their stats (see `durationStats`).
 */
export function runMetricsQuery(
  facts: FactColumns,
  query: MetricsQuery,
  limits: MetricsLimits,
  options: { monthlyRollup?: boolean } = {},
): MetricsAnswer {
  const { boundaries, groupings, groups } = planMetricsQuery(facts, query, limits);
  const answer = {
    from: query.from,
    to: query.to,
    interval: query.interval,
    groupBy: [...query.groupBy],
  };
  // Whole months by service (or not grouped): read the monthly rollup instead of every incident.
  if (options.monthlyRollup !== false && rollupAnswers(query))
    return { ...answer, series: seriesFromRollup(facts, query, boundaries, groupings[0]) };
  const from = query.from.getTime();
  const to = query.to.getTime();
  const asOf = Math.min(to, query.now.getTime());
  const months = bucketBoundaries(from, to, 'MONTH');
  const { firstDay, table: bucketOfDay } = bucketOfDayTable(boundaries);
  const monthOfDay = bucketOfDayTable(months).table;
  const accumulator = new SeriesAccumulator(
    boundaries,
    months,
    groups,
    query.now.getTime(),
    asOf,
    facts.size,
  );
  const serviceFilter = dimensionView(facts, 'SERVICE', query.filter).allowed;
  const otherFilters = filteredDimensions
    .map((dimension) => dimensionView(facts, dimension, query.filter))
    .filter((view): view is DimensionView & { allowed: Uint8Array } => view.allowed !== null);
  const serviceGrouping = groupings.find((grouping) => grouping.dimension === 'SERVICE');
  const plainGroupings = groupings.filter((grouping) => grouping !== serviceGrouping);
  const { kind, status, reportedAt, resolvedAt, serviceOffset, serviceCount, serviceCodes } = facts;
  if (groupings.length === 0) accumulator.seriesAt(0);

  // Typed-array reads below are within bounds (i < size, codes < cardinality): hence the `!`.
  facts: for (let i = 0; i < facts.size; i += 1) {
    if (kind[i] !== KIND_INCIDENT || status[i] === STATUS_CANCELLED) continue;
    const reported = reportedAt[i]!;
    const inRange = reported >= from && reported < to; // false for NaN
    const open = reported < asOf && !(resolvedAt[i]! <= asOf);
    if (!inRange && !open) continue;
    for (const view of otherFilters) if (view.allowed[view.codeOf(i)] !== 1) continue facts;
    const firstService = serviceOffset[i]!;
    const services = serviceCount[i]!;
    if (serviceFilter) {
      let overlaps = false;
      for (let k = 0; k < services && !overlaps; k += 1)
        overlaps = serviceFilter[serviceCodes[firstService + k]!] === 1;
      if (!overlaps) continue;
    }
    let group = 0;
    for (const grouping of plainGroupings) {
      const local = grouping.local[grouping.view.codeOf(i)]!;
      if (local < 0) continue facts;
      group += local * grouping.stride;
    }
    const day = Math.floor((reported - firstDay) / 86_400_000);
    const bucket = inRange ? bucketOfDay[day]! : -1;
    const month = inRange ? monthOfDay[day]! : -1;
    if (!serviceGrouping) {
      accumulator.add(facts, i, accumulator.seriesAt(group), bucket, month, open);
      continue;
    }
    // Grouped by service: once per service of the incident ("(none)", code 0, when it names none).
    for (let k = 0; k < Math.max(1, services); k += 1) {
      const local = serviceGrouping.local[services === 0 ? 0 : serviceCodes[firstService + k]!]!;
      if (local < 0) continue;
      accumulator.add(
        facts,
        i,
        accumulator.seriesAt(group + local * serviceGrouping.stride),
        bucket,
        month,
        open,
      );
    }
  }

  return { ...answer, series: seriesResult(accumulator, facts, groupings) };
}

/** The dimensions filtered per incident by code (services are filtered by overlap of their list). */
const filteredDimensions = ['PRIORITY', 'CATEGORY', 'CHANNEL', 'TIER', 'TEAM', 'MAJOR'] as const;
