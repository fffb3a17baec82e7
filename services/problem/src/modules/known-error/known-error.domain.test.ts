import type { ProblemStatus } from '../problem/problem.domain';
import { recordKnownError } from './known-error.domain';
import { recordKnownErrorInput, searchKnownErrorsArgs } from './known-error.input';

const state = (status: ProblemStatus) => ({ status, version: 2 });
const code = (value: string) => expect.objectContaining({ code: value });

describe('recording a known error', () => {
  it('takes the root cause statement unless another root cause is given, with a new version', () => {
    expect(recordKnownError(state('ROOT_CAUSE_IDENTIFIED'), 2, 'statement', null)).toEqual({
      rootCause: 'statement',
      version: 3,
    });
    expect(recordKnownError(state('RESOLVED'), 2, 'statement', 'in other words').rootCause).toBe(
      'in other words',
    );
  });

  it('needs a recorded root cause statement (INVALID_TRANSITION)', () => {
    expect(() => recordKnownError(state('UNDER_INVESTIGATION'), 2, null, 'my guess')).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION', message: expect.stringContaining('root cause') }),
    );
  });

  it('refuses a stale version and a closed problem', () => {
    expect(() => recordKnownError(state('KNOWN_ERROR'), 1, 'x', null)).toThrow(code('CONFLICT'));
    expect(() => recordKnownError(state('CLOSED'), 2, 'x', null)).toThrow(code('INVALID_TRANSITION'));
  });
});

describe('known error inputs', () => {
  it('needs title, symptoms and workaround; the root cause and permanent fix are optional', () => {
    const result = recordKnownErrorInput.safeParse({
      problemId: 'p',
      expectedVersion: 1,
      title: ' ',
      symptoms: '',
      workaround: '  ',
    });
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'symptoms',
      'title',
      'workaround',
    ]);
    expect(
      recordKnownErrorInput.parse({
        problemId: 'p',
        expectedVersion: 1,
        title: 't',
        symptoms: 's',
        workaround: 'w',
      }),
    ).toMatchObject({ rootCause: null, permanentFix: null });
  });

  it('searches with some text, 10 matches by default, at most 50', () => {
    expect(searchKnownErrorsArgs.parse({ text: ' cpu ' })).toEqual({ text: 'cpu', first: 10 });
    expect(searchKnownErrorsArgs.safeParse({ text: ' ' }).success).toBe(false);
    expect(searchKnownErrorsArgs.safeParse({ text: 'cpu', first: 51 }).success).toBe(false);
  });
});
