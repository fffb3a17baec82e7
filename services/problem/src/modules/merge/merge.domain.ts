import type { ProblemState } from '../problem/problem.domain';
import { invalidFields, notAllowedNow, staleVersion } from '../problem/problem.errors';

/** One of the two problems of a merge, as the rule needs it. */
export interface MergeSide extends ProblemState {
  id: string;
  affectedServices: readonly string[];
  /** The incidents linked to it. */
  incidentIds: readonly string[];
  hasAnalysis: boolean;
}

export interface MergePlan {
  survivor: { version: number; affectedServices: string[] };
  merged: { status: 'CLOSED'; mergedIntoId: string; version: number };
  /** The merged problem's incidents the survivor did not have: linked to it now. */
  newlyLinked: string[];
  /** Every incident of the survivor after the merge. */
  incidentIds: string[];
  /** The merged problem's analysis becomes the survivor's only when the survivor has none. */
  moveAnalysis: boolean;
}

/** A problem cannot be merged into itself (BAD_USER_INPUT, checked before anything is read). */
export function assertDistinct(survivorId: string, mergedId: string): void {
  if (survivorId.toLowerCase() === mergedId.toLowerCase()) {
    throw invalidFields([{ path: 'mergedId', message: 'must be another problem than survivorId' }]);
  }
}

/**
 * Two problems turned out to be one: the merged one hands its incidents (and known errors, and its
 * analysis when the survivor has none) to the survivor and is closed with a pointer to it. Neither may be
 * CLOSED already; both versions must be the ones the caller read. Each gets a new version.
 */
export function planMerge(
  survivor: MergeSide,
  merged: MergeSide,
  expected: { survivor: number; merged: number },
): MergePlan {
  assertDistinct(survivor.id, merged.id);
  if (expected.survivor !== survivor.version)
    throw staleVersion(expected.survivor, survivor.version, survivor.id);
  if (expected.merged !== merged.version) throw staleVersion(expected.merged, merged.version, merged.id);
  if (survivor.status === 'CLOSED') {
    throw notAllowedNow(survivor.status, 'A problem cannot be merged into a CLOSED problem');
  }
  if (merged.status === 'CLOSED') {
    throw notAllowedNow(merged.status, 'A CLOSED problem cannot be merged into another');
  }
  const held = new Set(survivor.incidentIds);
  const newlyLinked = merged.incidentIds.filter((id) => !held.has(id));
  return {
    survivor: {
      version: survivor.version + 1,
      affectedServices: [...new Set([...survivor.affectedServices, ...merged.affectedServices])],
    },
    merged: { status: 'CLOSED', mergedIntoId: survivor.id, version: merged.version + 1 },
    newlyLinked,
    incidentIds: [...survivor.incidentIds, ...newlyLinked],
    moveAnalysis: !survivor.hasAnalysis && merged.hasAnalysis,
  };
}
