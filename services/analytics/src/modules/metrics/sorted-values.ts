/**
 * A multiset of numbers kept in ascending order in a growable Float64Array: an insert or a removal is a
 * binary search plus one shift of the tail (copyWithin), so a list of a few thousand values updates in
 * microseconds. In bulk mode (a full load) values are appended and sorted once by `finishBulk`.
 * Its sum is cached and recomputed from the values after a change, in order, so it never drifts the way
 * a running total of additions and subtractions would.
 */
export class SortedValues {
  private buffer = new Float64Array(8);
  length = 0;
  private bulk = false;
  private cachedSum: number | null = 0;

  /** The values, ascending (a view: valid until the next change). */
  get values(): Float64Array {
    return this.buffer.subarray(0, this.length);
  }

  get sum(): number {
    if (this.cachedSum === null) {
      let total = 0;
      for (let i = 0; i < this.length; i += 1) total += this.buffer[i]!;
      this.cachedSum = total;
    }
    return this.cachedSum;
  }

  startBulk(): void {
    this.bulk = true;
  }

  finishBulk(): void {
    if (!this.bulk) return;
    this.bulk = false;
    this.values.sort();
  }

  insert(value: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Float64Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.cachedSum = null;
    if (this.bulk) {
      this.buffer[this.length++] = value;
      return;
    }
    const at = upperBound(this.buffer, 0, this.length, value);
    this.buffer.copyWithin(at + 1, at, this.length);
    this.buffer[at] = value;
    this.length += 1;
  }

  /** Removes one occurrence of `value`; false when it is not held. */
  remove(value: number): boolean {
    this.finishBulk();
    const at = lowerBound(this.buffer, 0, this.length, value);
    if (at === this.length || this.buffer[at] !== value) return false;
    this.buffer.copyWithin(at, at + 1, this.length);
    this.length -= 1;
    this.cachedSum = null;
    return true;
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
