import type { DurationStats } from './percentiles';
import { lowerBound, upperBound } from './sorted-values';

/**
 * Order statistics of the union of several ascending lists without merging them: the k-th smallest is
 * found by narrowing a window in each list around a pivot, the weighted median of the windows' medians,
 * which discards at least a quarter of what remains each step. For 24 monthly lists of thousands of
 * values that is a few dozen binary searches, against a pass over every value for a merge or a
 * quickselect.
 */
export function selectAcross(lists: readonly Float64Array[], k: number): number {
  const m = lists.length;
  const lo = new Int32Array(m);
  const hi = Int32Array.from(lists, (list) => list.length);
  const medians = new Float64Array(m);
  const weights = new Float64Array(m);
  const below = new Int32Array(m);
  const upTo = new Int32Array(m);
  const order: number[] = [];
  let rank = k;
  for (;;) {
    let remaining = 0;
    let only = -1;
    let windows = 0;
    for (let j = 0; j < m; j += 1) {
      const size = hi[j]! - lo[j]!;
      if (size <= 0) continue;
      remaining += size;
      only = j;
      windows += 1;
    }
    if (rank < 0 || rank >= remaining) throw new RangeError(`rank ${k} is outside the lists`);
    if (windows === 1) return lists[only]![lo[only]! + rank]!;

    // The pivot: the weighted median of each window's median.
    order.length = 0;
    for (let j = 0; j < m; j += 1) {
      const size = hi[j]! - lo[j]!;
      if (size <= 0) continue;
      medians[j] = lists[j]![lo[j]! + (size >> 1)]!;
      weights[j] = size;
      order.push(j);
    }
    order.sort((a, b) => medians[a]! - medians[b]!);
    let pivot = medians[order[order.length - 1]!]!;
    for (let seen = 0, t = 0; t < order.length; t += 1) {
      seen += weights[order[t]!]!;
      if (seen * 2 >= remaining) {
        pivot = medians[order[t]!]!;
        break;
      }
    }

    let less = 0;
    let lessOrEqual = 0;
    for (let j = 0; j < m; j += 1) {
      if (hi[j]! <= lo[j]!) continue;
      below[j] = lowerBound(lists[j]!, lo[j]!, hi[j]!, pivot);
      upTo[j] = upperBound(lists[j]!, below[j]!, hi[j]!, pivot);
      less += below[j]! - lo[j]!;
      lessOrEqual += upTo[j]! - lo[j]!;
    }
    if (rank < less) {
      for (let j = 0; j < m; j += 1) if (hi[j]! > lo[j]!) hi[j] = below[j]!;
    } else if (rank < lessOrEqual) {
      return pivot;
    } else {
      rank -= lessOrEqual;
      for (let j = 0; j < m; j += 1) if (hi[j]! > lo[j]!) lo[j] = upTo[j]!;
    }
  }
}

/** The smallest value of the lists greater than `value` (Infinity when none). */
function nextAbove(lists: readonly Float64Array[], value: number): number {
  let next = Infinity;
  for (const list of lists) {
    const at = upperBound(list, 0, list.length, value);
    if (at < list.length && list[at]! < next) next = list[at]!;
  }
  return next;
}

/** How many values of the lists are <= `value`. */
function countUpTo(lists: readonly Float64Array[], value: number): number {
  let count = 0;
  for (const list of lists) count += upperBound(list, 0, list.length, value);
  return count;
}

/**
 * The stats of the union of ascending lists, exactly as `durationStats` computes them over the same
 * values (percentile_cont interpolation); `sum` is the values' total.
 */
export function statsAcross(lists: readonly Float64Array[], sum: number): DurationStats {
  const held = lists.filter((list) => list.length > 0);
  let n = 0;
  for (const list of held) n += list.length;
  if (n === 0) return { count: 0, mean: null, p50: null, p90: null, p95: null };
  const at = (q: number): number => {
    const position = (n - 1) * q;
    const lower = Math.floor(position);
    const fraction = position - lower;
    if (held.length === 1) {
      const list = held[0]!;
      const low = list[lower]!;
      return fraction === 0 ? low : low + (list[lower + 1]! - low) * fraction;
    }
    const low = selectAcross(held, lower);
    if (fraction === 0) return low;
    // The next rank is the same value when it occurs again, else the smallest value above it.
    const next = countUpTo(held, low) > lower + 1 ? low : nextAbove(held, low);
    return low + (next - low) * fraction;
  };
  return { count: n, mean: sum / n, p50: at(0.5), p90: at(0.9), p95: at(0.95) };
}
