import type { ChangeStatus } from '../change-request/change-request.domain';
import { type TimeWindow, overlapOf, sharedNames } from '../change-request/planned-window';

/**
 * Changes that no longer hold their window: a rejected change will not be implemented, a closed one is
 * over. Every other change (drafts included: they are plans too) can collide with another.
 */
export const windowReleasingStatuses: readonly ChangeStatus[] = ['REJECTED', 'CLOSED'];

export function holdsItsWindow(status: ChangeStatus): boolean {
  return !windowReleasingStatuses.includes(status);
}

/** What conflict detection reads of a change. */
export interface PlannedChange {
  id: string;
  status: ChangeStatus;
  plannedStart: Date;
  plannedEnd: Date;
  affectedServices: readonly string[];
  configurationItems: readonly string[];
}

export interface Conflict<TChange extends PlannedChange> {
  /** The other change. */
  change: TChange;
  /** The services both touch (matched exactly). */
  services: string[];
  /** The configuration items both touch (matched exactly). */
  configurationItems: string[];
  /** When both windows are open. */
  overlap: TimeWindow;
}

/**
 * How two changes collide: their planned windows overlap and they share a service or a configuration
 * item; null when they do not (or when either has released its window, or it is the same change).
 */
export function conflictBetween<TChange extends PlannedChange>(
  subject: PlannedChange,
  other: TChange,
): Conflict<TChange> | null {
  if (other.id === subject.id || !holdsItsWindow(subject.status) || !holdsItsWindow(other.status)) {
    return null;
  }
  const overlap = overlapOf(
    { start: subject.plannedStart, end: subject.plannedEnd },
    { start: other.plannedStart, end: other.plannedEnd },
  );
  if (!overlap) return null;
  const services = sharedNames(subject.affectedServices, other.affectedServices);
  const configurationItems = sharedNames(subject.configurationItems, other.configurationItems);
  if (services.length === 0 && configurationItems.length === 0) return null;
  return { change: other, services, configurationItems, overlap };
}

/**
 * Every change the subject collides with, by overlap start then id. Reported, never blocking: the change
 * manager decides whether two changes can run together.
 */
export function findConflicts<TChange extends PlannedChange>(
  subject: PlannedChange,
  others: readonly TChange[],
): Array<Conflict<TChange>> {
  return others
    .map((other) => conflictBetween(subject, other))
    .filter((conflict): conflict is Conflict<TChange> => conflict !== null)
    .sort(
      (a, b) =>
        a.overlap.start.getTime() - b.overlap.start.getTime() || a.change.id.localeCompare(b.change.id),
    );
}
