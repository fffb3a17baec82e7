/** A span of time, start included, end excluded: two windows that only touch do not overlap. */
export interface TimeWindow {
  start: Date;
  end: Date;
}

/** A planned window must have a positive length. */
export function isValidWindow(start: Date, end: Date): boolean {
  return end.getTime() > start.getTime();
}

/** The part of time two windows share, or null when they do not overlap. */
export function overlapOf(a: TimeWindow, b: TimeWindow): TimeWindow | null {
  const start = Math.max(a.start.getTime(), b.start.getTime());
  const end = Math.min(a.end.getTime(), b.end.getTime());
  return start < end ? { start: new Date(start), end: new Date(end) } : null;
}

/** The names (services, configuration items) both lists hold, in the order of the first; exact match. */
export function sharedNames(a: readonly string[], b: readonly string[]): string[] {
  const other = new Set(b);
  return a.filter((name) => other.has(name));
}
