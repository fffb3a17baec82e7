import type { IncidentStatus } from '@mim/contracts';
import { assertVersion, isOpen } from '../incident/incident.domain';
import { notOpen } from '../incident/incident.errors';
import { alreadyMajor } from './major-incident.errors';

/** The part of an incident a declaration reads and writes. */
export interface MajorState {
  status: IncidentStatus;
  version: number;
  isMajor: boolean;
  majorDeclaredAt: Date | null;
  impactStatement: string | null;
}

/**
 * Declares a major incident (DOMAIN.md, stage 1, "identification"): a deliberate decision about an
 * incident that is still being worked, taken once. Checks the expected version (CONFLICT), that the
 * incident is open and not already major (INVALID_TRANSITION). Pure: the caller stamps `at` and persists.
 */
export function declareMajor(
  state: MajorState,
  expectedVersion: number,
  impactStatement: string,
  at: Date,
): MajorState {
  assertVersion(expectedVersion, state.version);
  if (!isOpen(state.status)) throw notOpen(state.status, 'declared a major incident');
  if (state.isMajor) throw alreadyMajor(state.majorDeclaredAt);
  return { ...state, isMajor: true, majorDeclaredAt: at, impactStatement, version: state.version + 1 };
}
