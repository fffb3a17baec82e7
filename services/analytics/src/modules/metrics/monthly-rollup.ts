import {
  FLAG_FIRST_RESPONSE_BREACHED,
  FLAG_MAJOR,
  FLAG_RESOLUTION_BREACHED,
  type FactColumns,
  KIND_INCIDENT,
  STATUS_CANCELLED,
} from './fact-table';
import { SortedValues } from './sorted-values';

/** The value lists of a slot: the three durations, majors' downtime, and every incident's downtime (MTBF). */
export const ACK = 0;
export const RESOLVE = 1;
export const DETECT = 2;
export const MAJOR_DOWNTIME = 3;
export const DOWNTIME = 4;

/** Everything one calendar month holds for one service (or for all incidents): counters and sorted values. */
export class RollupSlot {
  incidents = 0;
  majors = 0;
  firstResponseEnded = 0;
  firstResponseBreached = 0;
  resolutionEnded = 0;
  resolutionBreached = 0;
  readonly values: readonly SortedValues[] = [0, 1, 2, 3, 4].map(() => new SortedValues());
}

/** Which slots `slot(month, key)` reads: all incidents, or those of one service code (0: none). */
export const ALL_SERVICES = -1;

/** Calendar months since January 1970, UTC. */
export function monthNumber(t: number): number {
  const date = new Date(t);
  return (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth();
}

const serviceKeys = 2 ** 21;

/**
 * The population of the metrics (incidents, not cancelled, reported) summed per calendar month of report,
 * per service and for all of them, kept up to date as facts change: what a monthly query over whole
 * months reads instead of scanning every incident. Each slot holds the counters a point needs and each
 * duration's values in order, so a month's percentiles are read at their rank and a range's are selected
 * across the months' lists (select-across.ts): exact figures, no sketches.
 *
 * The fact table calls `remove` before it overwrites an incident and `add` after.
 */
export class MonthlyRollup {
  private readonly slots = new Map<number, RollupSlot>();

  /** The slot of a month and a service code (or ALL_SERVICES); undefined when nothing was ever there. */
  slot(month: number, service: number): RollupSlot | undefined {
    return this.slots.get(month * serviceKeys + service + 1);
  }

  /** Applies every logged change (after a full load: the first query then finds the lists ready). */
  compact(): void {
    for (const slot of this.slots.values()) for (const list of slot.values) list.compact();
  }

  add(facts: FactColumns, i: number): void {
    this.apply(facts, i, 1);
  }

  remove(facts: FactColumns, i: number): void {
    this.apply(facts, i, -1);
  }

  private apply(facts: FactColumns, i: number, sign: 1 | -1): void {
    if (facts.kind[i] !== KIND_INCIDENT || facts.status[i] === STATUS_CANCELLED) return;
    const reported = facts.reportedAt[i]!;
    if (Number.isNaN(reported)) return;
    const month = monthNumber(reported);
    this.applyTo(this.slotFor(month, ALL_SERVICES), facts, i, sign);
    const count = facts.serviceCount[i]!;
    const first = facts.serviceOffset[i]!;
    if (count === 0) this.applyTo(this.slotFor(month, 0), facts, i, sign);
    for (let k = 0; k < count; k += 1)
      this.applyTo(this.slotFor(month, facts.serviceCodes[first + k]!), facts, i, sign);
  }

  private slotFor(month: number, service: number): RollupSlot {
    const key = month * serviceKeys + service + 1;
    let slot = this.slots.get(key);
    if (!slot) {
      slot = new RollupSlot();
      this.slots.set(key, slot);
    }
    return slot;
  }

  private applyTo(slot: RollupSlot, facts: FactColumns, i: number, sign: 1 | -1): void {
    const flags = facts.flags[i]!;
    const major = (flags & FLAG_MAJOR) !== 0;
    const acknowledged = facts.timeToAcknowledge[i]!;
    const resolved = facts.timeToResolve[i]!;
    const firstResponseBreached = (flags & FLAG_FIRST_RESPONSE_BREACHED) !== 0;
    const resolutionBreached = (flags & FLAG_RESOLUTION_BREACHED) !== 0;
    slot.incidents += sign;
    if (major) slot.majors += sign;
    if (!Number.isNaN(acknowledged) || firstResponseBreached) slot.firstResponseEnded += sign;
    if (firstResponseBreached) slot.firstResponseBreached += sign;
    if (!Number.isNaN(resolved) || resolutionBreached) slot.resolutionEnded += sign;
    if (resolutionBreached) slot.resolutionBreached += sign;
    const downtime = facts.downtime[i]!;
    const values: Array<[number, number]> = [
      [ACK, acknowledged],
      [RESOLVE, resolved],
      [DETECT, facts.timeToDetect[i]!],
      [MAJOR_DOWNTIME, major ? downtime : NaN],
      [DOWNTIME, downtime],
    ];
    for (const [list, value] of values) {
      if (Number.isNaN(value)) continue;
      if (sign > 0) slot.values[list]!.insert(value);
      else slot.values[list]!.remove(value);
    }
  }
}
