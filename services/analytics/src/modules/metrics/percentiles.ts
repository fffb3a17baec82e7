/** Count, mean and the percentiles of a set of durations, in seconds; all null when the set is empty. */
export interface DurationStats {
  count: number;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
}

/**
 * The stats of `values[start, end)`, which this reorders. Percentiles interpolate linearly between the
 * closest ranks, exactly as PostgreSQL's `percentile_cont`: position p = (n - 1) * q in the sorted values,
 * result = v[floor(p)] + (v[ceil(p)] - v[floor(p)]) * (p - floor(p)). Found by quickselect, O(n) on
 * average: each percentile selects within the part right of the previous one.
 */
export function durationStats(values: Float64Array, start: number, end: number, sum: number): DurationStats {
  const n = end - start;
  if (n <= 0) return { count: 0, mean: null, p50: null, p90: null, p95: null };
  let from = start;
  const at = (q: number): number => {
    const position = (n - 1) * q;
    const lower = Math.floor(position);
    const k = start + lower;
    select(values, from, end - 1, k);
    const low = values[k]!;
    from = k;
    const fraction = position - lower;
    if (fraction === 0) return low;
    // After selecting k, everything right of k is >= v[k]: the next rank is the smallest of them.
    let next = Infinity;
    for (let j = k + 1; j < end; j += 1) if (values[j]! < next) next = values[j]!;
    return low + (next - low) * fraction;
  };
  const p50 = at(0.5);
  const p90 = at(0.9);
  const p95 = at(0.95);
  return { count: n, mean: sum / n, p50, p90, p95 };
}

/** Moves the k-th smallest of values[left..right] to index k (Hoare partition, median of three). */
function select(values: Float64Array, left: number, right: number, k: number): void {
  let lo = left;
  let hi = right;
  while (hi > lo) {
    if (hi - lo < 16) {
      insertionSort(values, lo, hi);
      return;
    }
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < values[lo]!) swap(values, mid, lo);
    if (values[hi]! < values[lo]!) swap(values, hi, lo);
    if (values[hi]! < values[mid]!) swap(values, hi, mid);
    const pivot = values[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i += 1;
      while (values[j]! > pivot) j -= 1;
      if (i <= j) {
        swap(values, i, j);
        i += 1;
        j -= 1;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function insertionSort(values: Float64Array, lo: number, hi: number): void {
  for (let i = lo + 1; i <= hi; i += 1) {
    const value = values[i]!;
    let j = i - 1;
    while (j >= lo && values[j]! > value) {
      values[j + 1] = values[j]!;
      j -= 1;
    }
    values[j + 1] = value;
  }
}

function swap(values: Float64Array, a: number, b: number): void {
  const t = values[a]!;
  values[a] = values[b]!;
  values[b] = t;
}
