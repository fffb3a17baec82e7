/**
 * A multiset of numbers, read in ascending order. Changes are logged, not applied: an insert or a
 * removal is an append, and the next read (or a log grown past a quarter of the list) sorts the log and
 * merges it into the list in one pass. A month of every incident holds tens of thousands of values; an
 * in-place insert would shift half of them each time, where this costs a few operations per change.
 * Its sum is recomputed from the values after a change, in order, so it never drifts the way a running
 * total of additions and subtractions would.
 */
export class SortedValues {
  private sorted = new Float64Array(0);
  private count = 0;
  private added: number[] = [];
  private removed: number[] = [];
  private cachedSum: number | null = 0;

  get length(): number {
    return this.count + this.added.length - this.removed.length;
  }

  /** The values, ascending (a view: valid until the next change). */
  get values(): Float64Array {
    this.compact();
    return this.sorted.subarray(0, this.count);
  }

  get sum(): number {
    this.compact();
    if (this.cachedSum === null) {
      let total = 0;
      for (let i = 0; i < this.count; i += 1) total += this.sorted[i]!;
      this.cachedSum = total;
    }
    return this.cachedSum;
  }

  insert(value: number): void {
    this.added.push(value);
    this.changed();
  }

  /** Removes one occurrence of `value`, which must be held (the merge throws otherwise). */
  remove(value: number): void {
    this.removed.push(value);
    this.changed();
  }

  /** Applies the logged changes. */
  compact(): void {
    if (this.added.length === 0 && this.removed.length === 0) return;
    const added = Float64Array.from(this.added).sort();
    const removed = Float64Array.from(this.removed).sort();
    const out = new Float64Array(this.length);
    let a = 0;
    let s = 0;
    let r = 0;
    let o = 0;
    while (s < this.count || a < added.length) {
      const fromSorted = a === added.length || (s < this.count && this.sorted[s]! <= added[a]!);
      const value = fromSorted ? this.sorted[s++]! : added[a++]!;
      if (r < removed.length && removed[r]! < value) break; // a removal of a value not held
      if (r < removed.length && removed[r] === value) r += 1;
      else out[o++] = value;
    }
    if (r !== removed.length || o !== out.length)
      throw new Error(`sorted values out of step: ${removed.length - r} removal(s) of values not held`);
    this.sorted = out;
    this.count = o;
    this.added = [];
    this.removed = [];
    this.cachedSum = null;
  }

  private changed(): void {
    this.cachedSum = null;
    if (this.added.length + this.removed.length > Math.max(256, this.count >> 2)) this.compact();
  }
}

/** The first index in [lo, hi) whose value is >= `value` (hi when none). */
export function lowerBound(values: Float64Array, lo: number, hi: number, value: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index in [lo, hi) whose value is > `value` (hi when none). */
export function upperBound(values: Float64Array, lo: number, hi: number, value: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
