import type { ChangeStatus } from '@mim/contracts';
import { type FixingChangeRow, isImplementedFix } from '../fixing-change/fixing-change.domain';
import { fixNotImplemented } from './major-incident.errors';

/** A change named in a resolution: the one that fixed the incident, or one that did not yet. */
export interface ChangeReference {
  changeId: string;
  number: string;
  status: ChangeStatus;
}

/** How a resolution stands to the rule "resolve a major incident as a change". */
export interface ResolutionFix {
  /** The implemented changes that fix it (a major incident only); empty otherwise. */
  fixedBy: ChangeReference[];
  /** Why a major incident was resolved without an implemented change, when it was; null otherwise. */
  withoutChangeReason: string | null;
}

export const noResolutionFix: ResolutionFix = { fixedBy: [], withoutChangeReason: null };

/** The changes that fix the incident now, as the read model holds them (linked rows). */
export type FixingChangeView = Pick<
  FixingChangeRow,
  'changeId' | 'number' | 'status' | 'linked' | 'implemented'
>;

const reference = (change: FixingChangeView): ChangeReference => ({
  changeId: change.changeId,
  number: change.number,
  status: change.status,
});

/**
 * DOMAIN.md, stage 3 (resolution): the fix of a major incident is implemented as a change. Resolving a
 * major incident therefore needs one of its fixing changes implemented (IMPLEMENTED, REVIEWED or CLOSED
 * after going through IMPLEMENTED), unless the resolver says why it is resolved without one, or the
 * rule is switched off (MAJOR_INCIDENT_RESOLUTION_REQUIRES_CHANGE=false). Returns what the resolution
 * records: the changes that fixed it, or the reason; FIX_NOT_IMPLEMENTED otherwise. An incident that is
 * not major records neither (a reason given for it is not needed, and not kept). Pure.
 */
export function resolutionFix(
  incident: { isMajor: boolean },
  fixingChanges: readonly FixingChangeView[],
  withoutChangeReason: string | null,
  requiresChange: boolean,
): ResolutionFix {
  if (!incident.isMajor) return noResolutionFix;
  const linked = fixingChanges.filter((change) => change.linked);
  const fixedBy = linked.filter(isImplementedFix).map(reference);
  if (fixedBy.length > 0) return { fixedBy, withoutChangeReason: null };
  if (withoutChangeReason !== null) return { fixedBy: [], withoutChangeReason };
  if (!requiresChange) return noResolutionFix;
  throw fixNotImplemented(linked.map(reference));
}
