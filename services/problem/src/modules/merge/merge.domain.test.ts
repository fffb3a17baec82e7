import type { ProblemStatus } from '../problem/problem.domain';
import { type MergeSide, assertDistinct, planMerge } from './merge.domain';

const side = (id: string, overrides: Partial<MergeSide> = {}): MergeSide => ({
  id,
  status: 'UNDER_INVESTIGATION',
  version: 3,
  affectedServices: [],
  incidentIds: [],
  hasAnalysis: false,
  ...overrides,
});
const versions = { survivor: 3, merged: 3 };
const code = (value: string) => expect.objectContaining({ code: value });

describe('merging problems', () => {
  it('moves the incidents new to the survivor and closes the merged one into it', () => {
    const survivor = side('s', { incidentIds: ['i1', 'i2'], affectedServices: ['edge'] });
    const merged = side('m', { incidentIds: ['i2', 'i3'], affectedServices: ['edge', 'dns'], version: 7 });
    expect(planMerge(survivor, merged, { survivor: 3, merged: 7 })).toEqual({
      survivor: { version: 4, affectedServices: ['edge', 'dns'] },
      merged: { status: 'CLOSED', mergedIntoId: 's', version: 8 },
      newlyLinked: ['i3'],
      incidentIds: ['i1', 'i2', 'i3'],
      moveAnalysis: false,
    });
  });

  it('moves the analysis only when the survivor has none', () => {
    expect(planMerge(side('s'), side('m', { hasAnalysis: true }), versions).moveAnalysis).toBe(true);
    expect(
      planMerge(side('s', { hasAnalysis: true }), side('m', { hasAnalysis: true }), versions).moveAnalysis,
    ).toBe(false);
    expect(planMerge(side('s'), side('m'), versions).moveAnalysis).toBe(false);
  });

  it.each<ProblemStatus>(['NEW', 'ROOT_CAUSE_IDENTIFIED', 'KNOWN_ERROR', 'RESOLVED'])(
    'closes a merged problem that was %s',
    (status) => {
      expect(planMerge(side('s'), side('m', { status }), versions).merged.status).toBe('CLOSED');
    },
  );

  it('refuses merging a problem into itself (BAD_USER_INPUT), whatever the case of the id', () => {
    expect(() => assertDistinct('ABC', 'abc')).toThrow(code('BAD_USER_INPUT'));
    expect(() => planMerge(side('s'), side('s'), versions)).toThrow(code('BAD_USER_INPUT'));
  });

  it('refuses merging into a closed problem, or a closed problem (INVALID_TRANSITION)', () => {
    expect(() => planMerge(side('s', { status: 'CLOSED' }), side('m'), versions)).toThrow(
      expect.objectContaining({
        code: 'INVALID_TRANSITION',
        message: expect.stringContaining('into a CLOSED'),
      }),
    );
    expect(() => planMerge(side('s'), side('m', { status: 'CLOSED' }), versions)).toThrow(
      expect.objectContaining({
        code: 'INVALID_TRANSITION',
        message: expect.stringContaining('A CLOSED problem'),
      }),
    );
  });

  it('refuses a stale version of either, naming which (CONFLICT)', () => {
    expect(() => planMerge(side('s'), side('m'), { survivor: 2, merged: 3 })).toThrow(
      expect.objectContaining({ code: 'CONFLICT', details: expect.objectContaining({ problemId: 's' }) }),
    );
    expect(() => planMerge(side('s'), side('m'), { survivor: 3, merged: 4 })).toThrow(
      expect.objectContaining({ code: 'CONFLICT', details: expect.objectContaining({ problemId: 'm' }) }),
    );
  });
});
