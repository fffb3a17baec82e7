import { seededRandom } from '@mim/testing';
import { durationStats } from './percentiles';
import { selectAcross, statsAcross } from './select-across';
import { SortedValues } from './sorted-values';

function sortedLists(next: () => number, count: number, distinct: number): Float64Array[] {
  return Array.from({ length: count }, () => {
    const size = next() < 0.2 ? 0 : Math.floor(next() * 60);
    // Few distinct values: ties across and within lists.
    return Float64Array.from({ length: size }, () => Math.floor(next() * distinct) * 1.5).sort();
  });
}

describe('selectAcross', () => {
  it('finds every rank of the union of sorted lists, ties and empty lists included', () => {
    const next = seededRandom(7);
    for (let round = 0; round < 200; round += 1) {
      const lists = sortedLists(next, 1 + Math.floor(next() * 8), next() < 0.5 ? 5 : 1000);
      const union = Float64Array.from(lists.flatMap((list) => Array.from(list))).sort();
      for (let k = 0; k < union.length; k += 1) expect(selectAcross(lists, k)).toBe(union[k]);
    }
  });

  it('refuses a rank outside the lists', () => {
    expect(() => selectAcross([Float64Array.of(1, 2)], 2)).toThrow(RangeError);
  });
});

describe('statsAcross', () => {
  it('gives exactly what durationStats gives over the same values', () => {
    const next = seededRandom(11);
    for (let round = 0; round < 300; round += 1) {
      const lists = sortedLists(next, 1 + Math.floor(next() * 6), next() < 0.5 ? 4 : 10_000);
      const union = Float64Array.from(lists.flatMap((list) => Array.from(list)));
      const sum = union.reduce((total, value) => total + value, 0);
      expect(statsAcross(lists, sum)).toEqual(durationStats(union, 0, union.length, sum));
    }
  });

  it('is all nulls over no values', () => {
    expect(statsAcross([new Float64Array(0)], 0)).toEqual({
      count: 0,
      mean: null,
      p50: null,
      p90: null,
      p95: null,
    });
  });
});

describe('SortedValues', () => {
  it('reads the values it holds in order, with their sum, through any inserts and removals', () => {
    const next = seededRandom(3);
    const list = new SortedValues();
    const held: number[] = [];
    for (let step = 0; step < 5000; step += 1) {
      if (held.length > 0 && next() < 0.4) {
        list.remove(held.splice(Math.floor(next() * held.length), 1)[0]!);
      } else {
        const value = Math.floor(next() * 50) - 10;
        held.push(value);
        list.insert(value);
      }
      // Read now and then: merges the logged changes at varying sizes.
      if (next() < 0.01) expect(list.values).toHaveLength(held.length);
    }
    expect(Array.from(list.values)).toEqual([...held].sort((a, b) => a - b));
    expect(list.sum).toBe(held.reduce((total, value) => total + value, 0));
  });

  it('removes a value inserted since the last read', () => {
    const list = new SortedValues();
    for (const value of [5, 1, 4]) list.insert(value);
    expect(Array.from(list.values)).toEqual([1, 4, 5]);
    list.insert(2);
    list.remove(2);
    list.remove(4);
    expect(Array.from(list.values)).toEqual([1, 5]);
    expect(list.sum).toBe(6);
  });

  it('refuses, on reading, a removal of a value it does not hold', () => {
    const list = new SortedValues();
    list.insert(1);
    list.remove(3);
    expect(() => list.values).toThrow(/out of step/);
  });
});
