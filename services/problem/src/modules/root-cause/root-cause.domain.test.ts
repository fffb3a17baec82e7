import type { ProblemStatus } from '../problem/problem.domain';
import {
  type AnalysisInput,
  analysisDetail,
  classicFishboneCategories,
  recordAnalysis,
} from './root-cause.domain';
import { recordRootCauseAnalysisInput } from './root-cause.input';

const why = (n: number) => ({ question: `Why ${n}?`, answer: `Because ${n}` });
const pathsOf = (input: AnalysisInput) => {
  const result = analysisDetail(input);
  return result.ok ? [] : result.problems.map((problem) => problem.path);
};
const code = (value: string) => expect.objectContaining({ code: value });

describe('five whys', () => {
  it('keeps 1 to 10 whys in order', () => {
    const whys = [why(1), why(2), why(3)];
    expect(analysisDetail({ method: 'FIVE_WHYS', whys })).toEqual({
      ok: true,
      detail: { method: 'FIVE_WHYS', whys },
    });
    expect(pathsOf({ method: 'FIVE_WHYS', whys: Array.from({ length: 10 }, (_, n) => why(n)) })).toEqual([]);
  });

  it.each([[[]], [Array.from({ length: 11 }, (_, n) => why(n))]])(
    'refuses %#: no whys or more than 10',
    (whys) => {
      expect(pathsOf({ method: 'FIVE_WHYS', whys })).toEqual(['whys']);
    },
  );

  it('needs its whys, and refuses the other methods structures', () => {
    expect(pathsOf({ method: 'FIVE_WHYS' })).toEqual(['whys']);
    expect(
      pathsOf({
        method: 'FIVE_WHYS',
        whys: [why(1)],
        fishbone: [{ name: 'People', causes: ['x'] }],
        timeline: [],
      }),
    ).toEqual(['fishbone', 'timeline']);
  });
});

describe('fishbone', () => {
  it('keeps categories with their causes (duplicates within a category dropped)', () => {
    const fishbone = [
      { name: 'Process', causes: ['No canary stage for WAF rules', 'No canary stage for WAF rules'] },
      { name: 'Technology and tools', causes: ['Regex engine without backtracking limit'] },
      { name: 'People', causes: [] },
    ];
    expect(analysisDetail({ method: 'FISHBONE', fishbone })).toEqual({
      ok: true,
      detail: {
        method: 'FISHBONE',
        categories: [
          { name: 'Process', causes: ['No canary stage for WAF rules'] },
          { name: 'Technology and tools', causes: ['Regex engine without backtracking limit'] },
          { name: 'People', causes: [] },
        ],
      },
    });
  });

  it('accepts the six classic categories', () => {
    const fishbone = classicFishboneCategories.map((name) => ({ name, causes: [`a ${name} cause`] }));
    expect(pathsOf({ method: 'FISHBONE', fishbone })).toEqual([]);
  });

  it('needs at least one category with a cause', () => {
    expect(pathsOf({ method: 'FISHBONE', fishbone: [] })).toEqual(['fishbone']);
    expect(pathsOf({ method: 'FISHBONE', fishbone: [{ name: 'People', causes: [] }] })).toEqual(['fishbone']);
  });

  it('refuses a category named twice, too many categories or causes', () => {
    expect(
      pathsOf({
        method: 'FISHBONE',
        fishbone: [
          { name: 'People', causes: ['a'] },
          { name: 'people', causes: ['b'] },
          { name: 'Process', causes: Array.from({ length: 21 }, (_, n) => `cause ${n}`) },
        ],
      }),
    ).toEqual(['fishbone.1.name', 'fishbone.2.causes']);
    const many = Array.from({ length: 13 }, (_, n) => ({ name: `c${n}`, causes: ['x'] }));
    expect(pathsOf({ method: 'FISHBONE', fishbone: many })).toEqual(['fishbone']);
  });
});

describe('timeline analysis', () => {
  it('keeps the events oldest first, stable for the same instant', () => {
    const at = (time: string) => new Date(`2019-07-02T${time}:00Z`);
    const result = analysisDetail({
      method: 'TIMELINE_ANALYSIS',
      timeline: [
        { at: at('14:07'), event: 'WAF disabled globally' },
        { at: at('13:42'), event: 'WAF rule deployed' },
        { at: at('13:45'), event: 'Traffic drops' },
        { at: at('13:45'), event: '502s reported' },
      ],
    });
    expect(result).toEqual({
      ok: true,
      detail: {
        method: 'TIMELINE_ANALYSIS',
        events: [
          { at: '2019-07-02T13:42:00.000Z', event: 'WAF rule deployed' },
          { at: '2019-07-02T13:45:00.000Z', event: 'Traffic drops' },
          { at: '2019-07-02T13:45:00.000Z', event: '502s reported' },
          { at: '2019-07-02T14:07:00.000Z', event: 'WAF disabled globally' },
        ],
      },
    });
  });

  it('needs 1 to 100 events, and no whys', () => {
    expect(pathsOf({ method: 'TIMELINE_ANALYSIS', timeline: [] })).toEqual(['timeline']);
    const many = Array.from({ length: 101 }, (_, n) => ({ at: new Date(n * 1000), event: `e${n}` }));
    expect(pathsOf({ method: 'TIMELINE_ANALYSIS', timeline: many })).toEqual(['timeline']);
    expect(pathsOf({ method: 'TIMELINE_ANALYSIS', whys: [why(1)] })).toEqual(['whys', 'timeline']);
  });
});

describe('recording an analysis', () => {
  const state = (status: ProblemStatus) => ({ status, version: 4 });

  it('bumps the version; a new or changed statement is announced, the same one is not', () => {
    expect(recordAnalysis(state('UNDER_INVESTIGATION'), 4, null, null)).toEqual({
      version: 5,
      rootCauseChanged: false,
    });
    expect(recordAnalysis(state('UNDER_INVESTIGATION'), 4, null, 'x')).toEqual({
      version: 5,
      rootCauseChanged: true,
    });
    expect(recordAnalysis(state('ROOT_CAUSE_IDENTIFIED'), 4, 'x', 'x').rootCauseChanged).toBe(false);
    expect(recordAnalysis(state('KNOWN_ERROR'), 4, 'x', 'y').rootCauseChanged).toBe(true);
  });

  it.each(['ROOT_CAUSE_IDENTIFIED', 'KNOWN_ERROR', 'RESOLVED'] as const)(
    'keeps the statement while %s (BAD_USER_INPUT on rootCause)',
    (status) => {
      expect(() => recordAnalysis(state(status), 4, 'x', null)).toThrow(
        expect.objectContaining({
          code: 'BAD_USER_INPUT',
          details: { fields: [expect.objectContaining({ path: 'rootCause' })] },
        }),
      );
    },
  );

  it('refuses a stale version and a closed problem', () => {
    expect(() => recordAnalysis(state('NEW'), 3, null, 'x')).toThrow(code('CONFLICT'));
    expect(() => recordAnalysis(state('CLOSED'), 4, null, 'x')).toThrow(code('INVALID_TRANSITION'));
  });
});

describe('recordRootCauseAnalysis input', () => {
  it('trims texts, turns blanks into none and de-duplicates contributing factors', () => {
    const parsed = recordRootCauseAnalysisInput.parse({
      problemId: 'p',
      expectedVersion: 1,
      method: 'FIVE_WHYS',
      whys: [{ question: ' Why? ', answer: ' Because ' }],
      findings: '   ',
      rootCause: ' A regex ',
      contributingFactors: ['No canary', ' No canary '],
    });
    expect(parsed).toMatchObject({
      whys: [{ question: 'Why?', answer: 'Because' }],
      findings: null,
      rootCause: 'A regex',
      contributingFactors: ['No canary'],
    });
  });

  it('refuses blank steps and an unknown method', () => {
    const result = recordRootCauseAnalysisInput.safeParse({
      problemId: 'p',
      expectedVersion: 1,
      method: 'GUESSING',
      whys: [{ question: ' ', answer: 'a' }],
    });
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'method',
      'whys.0.question',
    ]);
  });
});
