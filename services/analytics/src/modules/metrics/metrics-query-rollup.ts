import { type FactColumns, KIND_INCIDENT, STATUS_CANCELLED } from './fact-table';
import type { MetricsFilter } from './metrics-dimensions';
import { intervalStart } from './metrics-intervals';
import {
  type MetricsPoint,
  type MetricsSeries,
  type SeriesGrouping,
  backlogAgeClass,
  backlogByAge,
  compareKeys,
  majorIncidentTrend,
  metricsPoint,
} from './metrics-series';
import {
  ACK,
  ALL_SERVICES,
  DETECT,
  DOWNTIME,
  MAJOR_DOWNTIME,
  RESOLVE,
  type RollupSlot,
  monthNumber,
} from './monthly-rollup';
import { statsAcross } from './select-across';

interface RollupQuery {
  from: Date;
  to: Date;
  filter: MetricsFilter;
  groupBy: readonly string[];
  interval: string;
  now: Date;
}

/**
 * Whether the monthly rollup answers a query exactly: whole calendar months, grouped by service or not
 * at all, filtered by nothing but services, and by services only when grouped by them (ungrouped, an
 * incident of two selected services must count once, which per-service sums cannot tell).
 */
export function rollupAnswers(query: RollupQuery): boolean {
  const { filter } = query;
  const otherFilters = [filter.priorities, filter.categories, filter.channels, filter.tiers, filter.teams];
  const servicesFiltered = (filter.services?.length ?? 0) > 0;
  const grouping =
    query.groupBy.length === 0 ? 'none' : query.groupBy.join() === 'SERVICE' ? 'service' : null;
  return (
    query.interval === 'MONTH' &&
    intervalStart(query.from.getTime(), 'MONTH') === query.from.getTime() &&
    intervalStart(query.to.getTime(), 'MONTH') === query.to.getTime() &&
    grouping !== null &&
    !filter.majorOnly &&
    otherFilters.every((values) => !values || values.length === 0) &&
    (grouping === 'service' || !servicesFiltered)
  );
}

/**
 * The series of a query `rollupAnswers`, from the monthly rollup: each month's point from its slot, the
 * range's total across the months' slots, the backlog from one pass over the open incidents' columns.
 * The same figures as the scan of metrics-query.domain.ts (sums may differ in the last bits: they add
 * the same values in another order).
 */
export function seriesFromRollup(
  facts: FactColumns,
  query: RollupQuery,
  boundaries: Float64Array,
  grouping: SeriesGrouping | undefined,
): MetricsSeries[] {
  const now = query.now.getTime();
  const asOf = Math.min(query.to.getTime(), now);
  const dates = Array.from(boundaries, (t) => new Date(t));
  const monthStarts = dates.slice(0, -1);
  const months = monthStarts.map((date) => monthNumber(date.getTime()));
  const keys = grouping
    ? Array.from(grouping.local.keys()).filter((code) => grouping.local[code]! >= 0)
    : [ALL_SERVICES];
  const backlog = backlogCounts(facts, asOf, grouping);

  const series: MetricsSeries[] = [];
  for (const code of keys) {
    const slots = months.map((month) => facts.monthly.slot(month, code));
    const counts = backlog.subarray((code + 1) * 5, (code + 2) * 5);
    const incidents = slots.reduce((total, slot) => total + (slot?.incidents ?? 0), 0);
    if (grouping && incidents === 0 && counts.every((count) => count === 0)) continue;
    series.push({
      key: grouping ? [{ dimension: grouping.dimension, value: grouping.view.label(code) }] : [],
      points: slots.map((slot, b) => pointOf([slot], dates[b]!, dates[b + 1]!, now)),
      total: pointOf(slots, dates[0]!, dates[dates.length - 1]!, now),
      backlog: backlogByAge(asOf, counts),
      majorIncidentTrend: majorIncidentTrend(
        slots.map((slot) => slot?.majors ?? 0),
        monthStarts,
      ),
    });
  }
  return series.sort((a, b) => compareKeys(a.key, b.key));
}

/** One point from the slots it covers (one month's, or a range's); a missing slot held nothing. */
function pointOf(
  held: ReadonlyArray<RollupSlot | undefined>,
  periodStart: Date,
  periodEnd: Date,
  now: number,
): MetricsPoint {
  const present = held.filter((slot): slot is RollupSlot => slot !== undefined);
  const total = (count: (slot: RollupSlot) => number) => present.reduce((sum, slot) => sum + count(slot), 0);
  const stats = (list: number) =>
    statsAcross(
      present.map((slot) => slot.values[list]!.values),
      total((slot) => slot.values[list]!.sum),
    );
  return metricsPoint({
    periodStart,
    periodEnd,
    now,
    incidents: total((slot) => slot.incidents),
    majors: total((slot) => slot.majors),
    timeToAcknowledge: stats(ACK),
    timeToResolve: stats(RESOLVE),
    timeToDetect: stats(DETECT),
    majorIncidentDowntime: stats(MAJOR_DOWNTIME),
    majorDowntimeTotal: total((slot) => slot.values[MAJOR_DOWNTIME]!.sum),
    downtimeTotal: total((slot) => slot.values[DOWNTIME]!.sum),
    firstResponseEnded: total((slot) => slot.firstResponseEnded),
    firstResponseBreached: total((slot) => slot.firstResponseBreached),
    resolutionEnded: total((slot) => slot.resolutionEnded),
    resolutionBreached: total((slot) => slot.resolutionBreached),
  });
}

/**
 * The open backlog as of `asOf`, per service code (index (code + 1) * 5 + age class; code -1: all
 * incidents): incidents reported before it and not resolved by it, not cancelled. A pass over columns
 * most incidents leave at the first test (resolved long ago).
 */
function backlogCounts(facts: FactColumns, asOf: number, grouping: SeriesGrouping | undefined): Int32Array {
  const counts = new Int32Array((facts.services.size + 1) * 5);
  const { kind, status, reportedAt, resolvedAt, serviceOffset, serviceCount, serviceCodes } = facts;
  for (let i = 0; i < facts.size; i += 1) {
    if (resolvedAt[i]! <= asOf) continue;
    const reported = reportedAt[i]!;
    if (!(reported < asOf) || kind[i] !== KIND_INCIDENT || status[i] === STATUS_CANCELLED) continue;
    const age = backlogAgeClass(asOf - reported);
    if (!grouping) {
      counts[age] = counts[age]! + 1;
      continue;
    }
    const services = serviceCount[i]!;
    for (let k = 0; k < Math.max(1, services); k += 1) {
      const code = services === 0 ? 0 : serviceCodes[serviceOffset[i]! + k]!;
      if (grouping.local[code]! < 0) continue;
      const at = (code + 1) * 5 + age;
      counts[at] = counts[at]! + 1;
    }
  }
  return counts;
}
