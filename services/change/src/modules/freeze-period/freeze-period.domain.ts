import type { ChangeType } from '../change-request/change-request.domain';
import { type TimeWindow, isValidWindow, overlapOf, sharedNames } from '../change-request/planned-window';
import { changeFrozen, invalidFreezeWindow, staleFreezeVersion } from './freeze-period.errors';

/**
 * A change freeze: a period (end of quarter, peak sales, a migration weekend) in which planned changes to
 * its services wait. No services means every service.
 */
export interface FreezeFields {
  name: string;
  start: Date;
  end: Date;
  services: readonly string[];
}

export interface FreezeLike extends FreezeFields {
  id: string;
}

/** What a freeze is checked against: the change's type, planned window and services. */
export interface PlannedWindowOf {
  type: ChangeType;
  plannedStart: Date;
  plannedEnd: Date;
  affectedServices: readonly string[];
}

/**
 * Which changes a freeze holds back. Emergency changes pass: restoring service during a freeze is what
 * they are for. Normal changes are held. Standard changes are held too: pre-approval spares them the
 * CAB, not the calendar, and a freeze means no planned work at all on its services.
 */
export function freezeAppliesTo(type: ChangeType): boolean {
  switch (type) {
    case 'EMERGENCY':
      return false;
    case 'NORMAL':
    case 'STANDARD':
      return true;
  }
}

/** True when the freeze's period overlaps the window and it covers one of the services (or all). */
export function freezeCovers(freeze: FreezeFields, window: TimeWindow, services: readonly string[]): boolean {
  if (!overlapOf(freeze, window)) return false;
  return freeze.services.length === 0 || sharedNames(services, freeze.services).length > 0;
}

/** The freezes that block the change, earliest first; none for an emergency change. */
export function blockingFreezes<TFreeze extends FreezeLike>(
  change: PlannedWindowOf,
  freezes: readonly TFreeze[],
): TFreeze[] {
  if (!freezeAppliesTo(change.type)) return [];
  const window = { start: change.plannedStart, end: change.plannedEnd };
  return freezes
    .filter((freeze) => freezeCovers(freeze, window, change.affectedServices))
    .sort((a, b) => a.start.getTime() - b.start.getTime() || a.id.localeCompare(b.id));
}

/** CHANGE_FREEZE when a freeze blocks the change (on submission and on scheduling). */
export function assertOutsideFreezes(change: PlannedWindowOf, freezes: readonly FreezeLike[]): void {
  const blocking = blockingFreezes(change, freezes);
  if (blocking.length > 0) throw changeFrozen(change.type, blocking);
}

/** A new freeze period; its end must come after its start. */
export function defineFreeze(fields: FreezeFields): FreezeFields & { version: 1 } {
  if (!isValidWindow(fields.start, fields.end)) throw invalidFreezeWindow();
  return { ...fields, services: [...fields.services], version: 1 };
}

/**
 * Changes a freeze period (the fields given; null or absent keep theirs). Changes already submitted or
 * scheduled are not re-checked: a freeze holds back what is submitted or scheduled after it.
 */
export function reviseFreeze<TFreeze extends FreezeFields & { version: number }>(
  freeze: TFreeze,
  expectedVersion: number,
  patch: Partial<FreezeFields>,
): TFreeze {
  assertFreezeVersion(freeze, expectedVersion);
  const revised = {
    ...freeze,
    name: patch.name ?? freeze.name,
    start: patch.start ?? freeze.start,
    end: patch.end ?? freeze.end,
    services: patch.services ? [...patch.services] : freeze.services,
  };
  if (!isValidWindow(revised.start, revised.end)) throw invalidFreezeWindow();
  return { ...revised, version: freeze.version + 1 };
}

export function assertFreezeVersion(freeze: { version: number }, expectedVersion: number): void {
  if (freeze.version !== expectedVersion) throw staleFreezeVersion(expectedVersion, freeze.version);
}
