/** How the range is cut: UTC days, ISO weeks (Monday 00:00 UTC) or calendar months. */
export type MetricsInterval = 'DAY' | 'WEEK' | 'MONTH';

const dayMs = 86_400_000;

/** The start of the interval holding `t` (not clipped). */
export function intervalStart(t: number, interval: MetricsInterval): number {
  const day = Math.floor(t / dayMs) * dayMs;
  switch (interval) {
    case 'DAY':
      return day;
    case 'WEEK': {
      const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 .. Sunday 6
      return day - weekday * dayMs;
    }
    case 'MONTH': {
      const date = new Date(t);
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    }
  }
}

/** The start of the interval after the one starting at `start`. */
export function nextIntervalStart(start: number, interval: MetricsInterval): number {
  switch (interval) {
    case 'DAY':
      return start + dayMs;
    case 'WEEK':
      return start + 7 * dayMs;
    case 'MONTH': {
      const date = new Date(start);
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    }
  }
}

/**
 * The bucket boundaries of [from, to): b[0] = from, b[last] = to, the ones between are interval starts, so
 * the first and last bucket are clipped to the range. Bucket j is [b[j], b[j + 1]).
 */
export function bucketBoundaries(from: number, to: number, interval: MetricsInterval): Float64Array {
  const starts = [from];
  for (
    let t = nextIntervalStart(intervalStart(from, interval), interval);
    t < to;
    t = nextIntervalStart(t, interval)
  )
    starts.push(t);
  starts.push(to);
  return Float64Array.from(starts);
}

/** The bucket of `t` (which must lie in [b[0], b[last])): binary search over the boundaries. */
export function bucketOf(boundaries: Float64Array, t: number): number {
  let lo = 0;
  let hi = boundaries.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (boundaries[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The bucket of every UTC day the range touches, so an instant's bucket is one division and one read
 * (a binary search per incident costs more than everything else in a scan): the bucket of `t` in
 * [from, to) is `table[Math.floor((t - firstDay) / 86_400_000)]`. Every boundary but the range's own ends
 * is a day start, and those ends fall in the first and last day, so the table is exact.
 */
export function bucketOfDayTable(boundaries: Float64Array): { firstDay: number; table: Int32Array } {
  const from = boundaries[0]!;
  const to = boundaries[boundaries.length - 1]!;
  const firstDay = Math.floor(from / dayMs) * dayMs;
  const table = new Int32Array(Math.ceil((to - firstDay) / dayMs));
  for (let day = 0, bucket = 0; day < table.length; day += 1) {
    const start = Math.max(from, firstDay + day * dayMs);
    while (bucket < boundaries.length - 2 && boundaries[bucket + 1]! <= start) bucket += 1;
    table[day] = bucket;
  }
  return { firstDay, table };
}
