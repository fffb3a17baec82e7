import { type ProblemState, assertOpen, assertVersion } from '../problem/problem.domain';
import { notAllowedNow } from '../problem/problem.errors';

/**
 * Recording (or revising) a known error of a problem: only once the problem's root cause statement is
 * recorded, never on a closed problem. The known error's root cause defaults to that statement.
 */
export function recordKnownError(
  state: ProblemState,
  expectedVersion: number,
  rootCauseStatement: string | null,
  rootCause: string | null,
): { rootCause: string; version: number } {
  assertVersion(expectedVersion, state.version);
  assertOpen(state, 'given a known error');
  if (!rootCauseStatement) {
    throw notAllowedNow(
      state.status,
      'A known error documents a root cause: record the root cause statement first (recordRootCauseAnalysis)',
    );
  }
  return { rootCause: rootCause ?? rootCauseStatement, version: state.version + 1 };
}
