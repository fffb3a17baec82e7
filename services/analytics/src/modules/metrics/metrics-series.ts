import {
  FLAG_FIRST_RESPONSE_BREACHED,
  FLAG_MAJOR,
  FLAG_RESOLUTION_BREACHED,
  type FactColumns,
} from './fact-table';
import type { DimensionView, MetricsDimension } from './metrics-dimensions';
import { intervalStart } from './metrics-intervals';
import { type DurationStats, durationStats } from './percentiles';
import { scratchFloat64, scratchInt32 } from './scratch-buffers';

export type { DurationStats } from './percentiles';

/** Downtime stats with their sum, in seconds. */
export interface DowntimeStats extends DurationStats {
  total: number;
}

/** The figures of one bucket (or of the whole range: a series' `total`). */
export interface MetricsPoint {
  periodStart: Date;
  periodEnd: Date;
  incidents: number;
  majorIncidents: number;
  timeToAcknowledge: DurationStats;
  timeToResolve: DurationStats;
  timeToDetect: DurationStats;
  majorIncidentDowntime: DowntimeStats;
  mtbfSeconds: number | null;
  firstResponseSlaPercent: number | null;
  resolutionSlaPercent: number | null;
}

export interface BacklogByAge {
  asOf: Date;
  total: number;
  lessThan1Day: number;
  from1To3Days: number;
  from3To7Days: number;
  from7To30Days: number;
  atLeast30Days: number;
}

export interface MajorIncidentTrendPoint {
  /** The first instant of the calendar month. */
  month: Date;
  majorIncidents: number;
  changeFromPreviousMonthPercent: number | null;
  changeFromFirstMonthPercent: number | null;
}

export interface MetricsSeries {
  key: Array<{ dimension: MetricsDimension; value: string }>;
  points: MetricsPoint[];
  total: MetricsPoint;
  backlog: BacklogByAge;
  majorIncidentTrend: MajorIncidentTrendPoint[];
}

export interface SeriesGrouping {
  dimension: MetricsDimension;
  view: DimensionView;
  /** Code -> local index (-1: filtered out). */
  local: Int32Array;
  stride: number;
}

const dayMs = 86_400_000;

/** The four value lists kept per (series, bucket). */
const ACK = 0;
const RESOLVE = 1;
const DETECT = 2;
const DOWNTIME = 3;

/**
 * Per (series, bucket) counters and sums, filled incident by incident; the value lists for percentiles
 * are laid out afterwards (counting sort by slot), so each slot's values are contiguous and a series'
 * buckets are adjacent: the series' total reads one range.
 */
export class SeriesAccumulator {
  readonly buckets: number;
  /** Dense group index -> series id (-1: none yet); series ids in order of appearance. */
  private readonly seriesOfGroup: Int32Array;
  readonly groupOfSeries: number[] = [];
  readonly incidents: Int32Array;
  readonly majors: Int32Array;
  readonly firstResponseEnded: Int32Array;
  readonly firstResponseBreached: Int32Array;
  readonly resolutionEnded: Int32Array;
  readonly resolutionBreached: Int32Array;
  /** Downtime of all incidents in the slot (MTBF), seconds. */
  readonly downtimeSum: Float64Array;
  readonly ackCount: Int32Array;
  readonly ackSum: Float64Array;
  readonly resolveCount: Int32Array;
  readonly resolveSum: Float64Array;
  readonly detectCount: Int32Array;
  readonly detectSum: Float64Array;
  readonly majorDowntimeCount: Int32Array;
  readonly majorDowntimeSum: Float64Array;
  readonly trend: Int32Array;
  readonly backlog: Int32Array;
  private assignedFact: Int32Array;
  private assignedSlot: Int32Array;
  assignments = 0;

  constructor(
    readonly boundaries: Float64Array,
    readonly months: Float64Array,
    readonly groups: number,
    readonly now: number,
    readonly asOf: number,
    expectedIncidents: number,
  ) {
    this.buckets = boundaries.length - 1;
    const slots = groups * this.buckets;
    this.seriesOfGroup = new Int32Array(groups).fill(-1);
    this.incidents = new Int32Array(slots);
    this.majors = new Int32Array(slots);
    this.firstResponseEnded = new Int32Array(slots);
    this.firstResponseBreached = new Int32Array(slots);
    this.resolutionEnded = new Int32Array(slots);
    this.resolutionBreached = new Int32Array(slots);
    this.downtimeSum = new Float64Array(slots);
    this.ackCount = new Int32Array(slots);
    this.ackSum = new Float64Array(slots);
    this.resolveCount = new Int32Array(slots);
    this.resolveSum = new Float64Array(slots);
    this.detectCount = new Int32Array(slots);
    this.detectSum = new Float64Array(slots);
    this.majorDowntimeCount = new Int32Array(slots);
    this.majorDowntimeSum = new Float64Array(slots);
    this.trend = new Int32Array(groups * (months.length - 1));
    this.backlog = new Int32Array(groups * 5);
    this.assignedFact = scratchInt32('assignedFact', Math.max(16, expectedIncidents));
    this.assignedSlot = scratchInt32('assignedSlot', Math.max(16, expectedIncidents));
  }

  get seriesCount(): number {
    return this.groupOfSeries.length;
  }

  /** The series of a dense group index, created on first use. */
  seriesAt(group: number): number {
    let series = this.seriesOfGroup[group]!;
    if (series < 0) {
      series = this.groupOfSeries.length;
      this.seriesOfGroup[group] = series;
      this.groupOfSeries.push(group);
    }
    return series;
  }

  /** Counts incident i in a series: in bucket `bucket` and month `month` (-1: outside the range), and in the backlog when `open`. */
  add(facts: FactColumns, i: number, series: number, bucket: number, month: number, open: boolean): void {
    if (open) bump(this.backlog, series * 5 + backlogAgeClass(this.asOf - facts.reportedAt[i]!), 1);
    if (bucket < 0) return;
    const slot = series * this.buckets + bucket;
    const flags = facts.flags[i]!;
    const major = (flags & FLAG_MAJOR) !== 0;
    bump(this.incidents, slot, 1);
    if (major) {
      bump(this.majors, slot, 1);
      bump(this.trend, series * (this.months.length - 1) + month, 1);
    }
    // Branch-free where the outcome is random per incident (known or not, breached or not).
    const acknowledged = facts.timeToAcknowledge[i]!;
    const resolved = facts.timeToResolve[i]!;
    const detected = facts.timeToDetect[i]!;
    const downtime = facts.downtime[i]!;
    const ackKnown = acknowledged === acknowledged ? 1 : 0;
    const resolveKnown = resolved === resolved ? 1 : 0;
    const detectKnown = detected === detected ? 1 : 0;
    const downtimeKnown = downtime === downtime ? 1 : 0;
    const majorDowntime = major ? downtimeKnown : 0;
    const firstResponseBreached = (flags & FLAG_FIRST_RESPONSE_BREACHED) !== 0 ? 1 : 0;
    const resolutionBreached = (flags & FLAG_RESOLUTION_BREACHED) !== 0 ? 1 : 0;
    bump(this.ackCount, slot, ackKnown);
    bump(this.ackSum, slot, ackKnown ? acknowledged : 0);
    bump(this.resolveCount, slot, resolveKnown);
    bump(this.resolveSum, slot, resolveKnown ? resolved : 0);
    bump(this.detectCount, slot, detectKnown);
    bump(this.detectSum, slot, detectKnown ? detected : 0);
    bump(this.downtimeSum, slot, downtimeKnown ? downtime : 0);
    bump(this.majorDowntimeCount, slot, majorDowntime);
    bump(this.majorDowntimeSum, slot, majorDowntime ? downtime : 0);
    bump(this.firstResponseEnded, slot, ackKnown | firstResponseBreached);
    bump(this.firstResponseBreached, slot, firstResponseBreached);
    bump(this.resolutionEnded, slot, resolveKnown | resolutionBreached);
    bump(this.resolutionBreached, slot, resolutionBreached);
    if (this.assignments === this.assignedFact.length) this.growAssignments();
    this.assignedFact[this.assignments] = i;
    this.assignedSlot[this.assignments] = slot;
    this.assignments += 1;
  }

  /**
   * Lays out each metric's values by slot (a counting sort): metric m's values of a slot are
   * `values[m][offsets[m][slot] .. offsets[m][slot + 1])`; m is ACK, RESOLVE, DETECT or DOWNTIME (majors').
   */
  layOutValues(facts: FactColumns): { values: Float64Array[]; offsets: Int32Array[] } {
    const slots = this.seriesCount * this.buckets;
    const counts = [this.ackCount, this.resolveCount, this.detectCount, this.majorDowntimeCount];
    const offsets = counts.map((count, m) => {
      const offset = scratchInt32(`offset${m}`, slots + 1);
      offset[0] = 0;
      for (let slot = 0; slot < slots; slot += 1) offset[slot + 1] = offset[slot]! + count[slot]!;
      return offset;
    });
    const values = offsets.map((offset, m) => scratchFloat64(`values${m}`, offset[slots]!));
    const [ackAt, resolveAt, detectAt, downtimeAt] = offsets.map((offset, m) => {
      const cursor = scratchInt32(`cursor${m}`, slots);
      cursor.set(offset.subarray(0, slots));
      return cursor;
    }) as [Int32Array, Int32Array, Int32Array, Int32Array];
    const [ackValues, resolveValues, detectValues, downtimeValues] = values as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    const { timeToAcknowledge, timeToResolve, timeToDetect, downtime, flags } = facts;
    for (let a = 0; a < this.assignments; a += 1) {
      const i = this.assignedFact[a]!;
      const slot = this.assignedSlot[a]!;
      const acknowledged = timeToAcknowledge[i]!;
      const resolved = timeToResolve[i]!;
      const detected = timeToDetect[i]!;
      if (acknowledged === acknowledged) ackValues[(ackAt[slot] = ackAt[slot]! + 1) - 1] = acknowledged;
      if (resolved === resolved) resolveValues[(resolveAt[slot] = resolveAt[slot]! + 1) - 1] = resolved;
      if (detected === detected) detectValues[(detectAt[slot] = detectAt[slot]! + 1) - 1] = detected;
      if (flags[i]! & FLAG_MAJOR) {
        const value = downtime[i]!;
        if (value === value) downtimeValues[(downtimeAt[slot] = downtimeAt[slot]! + 1) - 1] = value;
      }
    }
    return { values, offsets };
  }

  private growAssignments(): void {
    const facts = new Int32Array(this.assignedFact.length * 2);
    facts.set(this.assignedFact);
    const slots = new Int32Array(this.assignedSlot.length * 2);
    slots.set(this.assignedSlot);
    this.assignedFact = facts;
    this.assignedSlot = slots;
  }
}

/** array[index] += by (the index is in bounds). */
function bump(array: Int32Array | Float64Array, index: number, by: number): void {
  array[index] = array[index]! + by;
}

/** The series of a filled accumulator, with their stats, sorted by key. */
export function seriesResult(
  accumulator: SeriesAccumulator,
  facts: FactColumns,
  groupings: readonly SeriesGrouping[],
): MetricsSeries[] {
  const { buckets, boundaries, months } = accumulator;
  const { values, offsets } = accumulator.layOutValues(facts);
  const dates = Array.from(boundaries, (t) => new Date(t));
  const monthStarts = Array.from(
    months.subarray(0, months.length - 1),
    (t) => new Date(intervalStart(t, 'MONTH')),
  );
  const codesOf = groupings.map((grouping) => {
    const codes: number[] = [];
    grouping.local.forEach((local, code) => {
      if (local >= 0) codes[local] = code;
    });
    return codes;
  });

  const series = accumulator.groupOfSeries.map((group, s): MetricsSeries => {
    const key = groupings.map((grouping, d) => {
      const codes = codesOf[d]!;
      const local = Math.floor(group / grouping.stride) % codes.length;
      return { dimension: grouping.dimension, value: grouping.view.label(codes[local]!) };
    });
    const first = s * buckets;
    const points: MetricsPoint[] = [];
    for (let b = 0; b < buckets; b += 1) {
      points.push(point(accumulator, values, offsets, first + b, first + b + 1, dates[b]!, dates[b + 1]!));
    }
    const total = point(accumulator, values, offsets, first, first + buckets, dates[0]!, dates[buckets]!);
    return {
      key,
      points,
      total,
      backlog: backlogOf(accumulator, s),
      majorIncidentTrend: trendOf(accumulator, s, monthStarts),
    };
  });
  return series.sort((a, b) => compareKeys(a.key, b.key));
}

/** The figures of slots [firstSlot, endSlot) of one series, as one point. */
function point(
  accumulator: SeriesAccumulator,
  values: Float64Array[],
  offsets: Int32Array[],
  firstSlot: number,
  endSlot: number,
  periodStart: Date,
  periodEnd: Date,
): MetricsPoint {
  const sum = (array: Int32Array | Float64Array) => {
    let total = 0;
    for (let slot = firstSlot; slot < endSlot; slot += 1) total += array[slot]!;
    return total;
  };
  const sums = [
    accumulator.ackSum,
    accumulator.resolveSum,
    accumulator.detectSum,
    accumulator.majorDowntimeSum,
  ];
  const stats = (metric: number) => {
    const offset = offsets[metric]!;
    return durationStats(values[metric]!, offset[firstSlot]!, offset[endSlot]!, sum(sums[metric]!));
  };
  return metricsPoint({
    periodStart,
    periodEnd,
    now: accumulator.now,
    incidents: sum(accumulator.incidents),
    majors: sum(accumulator.majors),
    timeToAcknowledge: stats(ACK),
    timeToResolve: stats(RESOLVE),
    timeToDetect: stats(DETECT),
    majorIncidentDowntime: stats(DOWNTIME),
    majorDowntimeTotal: sum(accumulator.majorDowntimeSum),
    downtimeTotal: sum(accumulator.downtimeSum),
    firstResponseEnded: sum(accumulator.firstResponseEnded),
    firstResponseBreached: sum(accumulator.firstResponseBreached),
    resolutionEnded: sum(accumulator.resolutionEnded),
    resolutionBreached: sum(accumulator.resolutionBreached),
  });
}

/** What a point is made of, however it was summed. */
export interface PointParts {
  periodStart: Date;
  periodEnd: Date;
  /** The clock: operating time (MTBF) stops here. */
  now: number;
  incidents: number;
  majors: number;
  timeToAcknowledge: DurationStats;
  timeToResolve: DurationStats;
  timeToDetect: DurationStats;
  majorIncidentDowntime: DurationStats;
  majorDowntimeTotal: number;
  /** Downtime of every incident of the point (MTBF). */
  downtimeTotal: number;
  firstResponseEnded: number;
  firstResponseBreached: number;
  resolutionEnded: number;
  resolutionBreached: number;
}

export function metricsPoint(parts: PointParts): MetricsPoint {
  const { periodStart, periodEnd, incidents } = parts;
  const operatingSeconds =
    Math.max(0, Math.min(periodEnd.getTime(), parts.now) - periodStart.getTime()) / 1000;
  return {
    periodStart,
    periodEnd,
    incidents,
    majorIncidents: parts.majors,
    timeToAcknowledge: parts.timeToAcknowledge,
    timeToResolve: parts.timeToResolve,
    timeToDetect: parts.timeToDetect,
    majorIncidentDowntime: { ...parts.majorIncidentDowntime, total: parts.majorDowntimeTotal },
    mtbfSeconds: incidents === 0 ? null : Math.max(0, operatingSeconds - parts.downtimeTotal) / incidents,
    firstResponseSlaPercent: percentNotBreached(parts.firstResponseEnded, parts.firstResponseBreached),
    resolutionSlaPercent: percentNotBreached(parts.resolutionEnded, parts.resolutionBreached),
  };
}

function percentNotBreached(ended: number, breached: number): number | null {
  return ended === 0 ? null : ((ended - breached) / ended) * 100;
}

function backlogOf(accumulator: SeriesAccumulator, series: number): BacklogByAge {
  const at = series * 5;
  return backlogByAge(accumulator.asOf, accumulator.backlog.subarray(at, at + 5));
}

/** The backlog from its five age counts (< 1 day, 1-3, 3-7, 7-30, >= 30 days); see `backlogAgeClass`. */
export function backlogByAge(asOf: number, counts: ArrayLike<number>): BacklogByAge {
  const [lessThan1Day = 0, from1To3Days = 0, from3To7Days = 0, from7To30Days = 0, atLeast30Days = 0] =
    Array.from(counts);
  return {
    asOf: new Date(asOf),
    total: lessThan1Day + from1To3Days + from3To7Days + from7To30Days + atLeast30Days,
    lessThan1Day,
    from1To3Days,
    from3To7Days,
    from7To30Days,
    atLeast30Days,
  };
}

/** The age class of an open incident in the backlog: 0 (< 1 day) .. 4 (>= 30 days). */
export function backlogAgeClass(ageMs: number): number {
  return ageMs < dayMs ? 0 : ageMs < 3 * dayMs ? 1 : ageMs < 7 * dayMs ? 2 : ageMs < 30 * dayMs ? 3 : 4;
}

function trendOf(
  accumulator: SeriesAccumulator,
  series: number,
  monthStarts: Date[],
): MajorIncidentTrendPoint[] {
  const months = monthStarts.length;
  return majorIncidentTrend(accumulator.trend.subarray(series * months, (series + 1) * months), monthStarts);
}

/** The trend from the major incidents of each month of the range. */
export function majorIncidentTrend(
  majors: ArrayLike<number>,
  monthStarts: readonly Date[],
): MajorIncidentTrendPoint[] {
  const first = majors[0] ?? 0;
  return monthStarts.map((month, j) => {
    const count = majors[j]!;
    return {
      month,
      majorIncidents: count,
      changeFromPreviousMonthPercent: j === 0 ? null : changePercent(count, majors[j - 1]!),
      changeFromFirstMonthPercent: changePercent(count, first),
    };
  });
}

function changePercent(value: number, base: number): number | null {
  return base === 0 ? null : ((value - base) / base) * 100;
}

/** Series in the order of their keys. */
export function compareKeys(a: MetricsSeries['key'], b: MetricsSeries['key']): number {
  for (let d = 0; d < a.length; d += 1) {
    const x = a[d]!.value;
    const y = b[d]!.value;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
