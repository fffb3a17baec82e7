import type { ChangeStatus } from '@mim/contracts';

/**
 * The changes that fix each incident, as the change service's events tell them: pure rules of the
 * read model (what an event changes) and of what counts as an implemented fix.
 */

/** One incident's view of one change; persisted as `FixingChange`. */
export interface FixingChangeRow {
  incidentId: string;
  changeId: string;
  number: string;
  status: ChangeStatus;
  statusChangedAt: Date;
  changeVersion: number;
  linked: boolean;
  implemented: boolean;
}

/** What one change event says about a change: its status at an instant and the incidents it fixes. */
export interface ChangeObservation {
  changeId: string;
  number: string;
  status: ChangeStatus;
  at: Date;
  /** The change's version in the event (`aggregate.version`): orders events of the same instant. */
  version: number;
  /** Every incident the change fixes at that instant; an incident missing from it is no longer fixed. */
  fixesIncidentIds: readonly string[];
  /** The event shows the change went through IMPLEMENTED (into it, or out of it into its review). */
  provesImplemented: boolean;
}

/** `change.requested.v1`: a new change is a DRAFT, at the instant it was raised. */
export function observationOfRequest(
  data: { changeId: string; number: string; fixesIncidentIds: readonly string[] },
  occurredAt: string,
  version: number,
): ChangeObservation {
  return {
    changeId: data.changeId.toLowerCase(),
    number: data.number,
    status: 'DRAFT',
    at: new Date(occurredAt),
    version,
    fixesIncidentIds: data.fixesIncidentIds,
    provesImplemented: false,
  };
}

/** `change.status_changed.v1`: the status it moved to, when, with the links current at that instant. */
export function observationOfStatusChange(
  data: {
    changeId: string;
    number: string;
    from: ChangeStatus;
    to: ChangeStatus;
    fixesIncidentIds: readonly string[];
    changedAt: string;
  },
  version: number,
): ChangeObservation {
  return {
    changeId: data.changeId.toLowerCase(),
    number: data.number,
    status: data.to,
    at: new Date(data.changedAt),
    version,
    fixesIncidentIds: data.fixesIncidentIds,
    provesImplemented: data.to === 'IMPLEMENTED' || data.from === 'IMPLEMENTED',
  };
}

/** Later in time, or at the same instant with a higher version of the change. */
function isNewer(observation: ChangeObservation, row: FixingChangeRow): boolean {
  const at = observation.at.getTime();
  const seen = row.statusChangedAt.getTime();
  return at > seen || (at === seen && observation.version > row.changeVersion);
}

function sameRow(a: FixingChangeRow, b: FixingChangeRow): boolean {
  return (
    a.number === b.number &&
    a.status === b.status &&
    a.statusChangedAt.getTime() === b.statusChangedAt.getTime() &&
    a.changeVersion === b.changeVersion &&
    a.linked === b.linked &&
    a.implemented === b.implemented
  );
}

/**
 * The rows of one change to write after an observation, whatever order the events arrive in:
 * - status, number and links follow the latest observation (by instant, then version); an older one
 *   changes none of them, so a late event neither rolls a status back nor restores a removed link;
 * - an incident the change fixes gets a row (only among `knownIncidentIds`: other services may name
 *   incidents this one does not have); an incident it no longer fixes keeps its row, unlinked;
 * - `implemented` is known for good as soon as any event proves it, whatever its age, and holds for
 *   every row of the change.
 * `existing` are the change's current rows. Returns only the rows that change, in incident id order.
 */
export function applyObservation(
  existing: readonly FixingChangeRow[],
  observation: ChangeObservation,
  knownIncidentIds: readonly string[],
): FixingChangeRow[] {
  const known = new Set(knownIncidentIds.map((id) => id.toLowerCase()));
  const fixes = new Set(
    observation.fixesIncidentIds.map((id) => id.toLowerCase()).filter((id) => known.has(id)),
  );
  const implemented = observation.provesImplemented || existing.some((row) => row.implemented);
  const current = new Map(existing.map((row) => [row.incidentId, row]));
  const written: FixingChangeRow[] = [];
  for (const incidentId of [...new Set([...fixes, ...current.keys()])].sort()) {
    const row = current.get(incidentId);
    const linked = fixes.has(incidentId);
    let next: FixingChangeRow | null;
    if (!row) {
      next = linked
        ? {
            incidentId,
            changeId: observation.changeId,
            number: observation.number,
            status: observation.status,
            statusChangedAt: observation.at,
            changeVersion: observation.version,
            linked,
            implemented,
          }
        : null;
    } else if (isNewer(observation, row)) {
      next = {
        ...row,
        number: observation.number,
        status: observation.status,
        statusChangedAt: observation.at,
        changeVersion: observation.version,
        linked,
        implemented,
      };
    } else {
      next = { ...row, implemented };
    }
    if (next && (!row || !sameRow(row, next))) written.push(next);
  }
  return written;
}

/** The statuses of a change whose implementation is done: implemented, then reviewed, then closed. */
export const implementedStatuses: readonly ChangeStatus[] = ['IMPLEMENTED', 'REVIEWED', 'CLOSED'];

/**
 * A change that fixes the incident now and was implemented: IMPLEMENTED, REVIEWED or CLOSED after going
 * through IMPLEMENTED. A change rejected then closed, or failed, rolled back and reviewed, does not count.
 */
export function isImplementedFix(row: Pick<FixingChangeRow, 'linked' | 'implemented' | 'status'>): boolean {
  return row.linked && row.implemented && implementedStatuses.includes(row.status);
}
