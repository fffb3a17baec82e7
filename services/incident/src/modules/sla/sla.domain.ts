import type { Priority } from '@mim/contracts';
import {
  type SlaConfig,
  type SlaPolicies,
  defaultSlaConfig,
  defaultSlaPolicies,
  slaTargetsFor,
} from './sla.policy';

/**
 * SLA clocks of an incident, as pure arithmetic on a small state (no I/O, no "now" but the one given).
 *
 * Two clocks run from the report: FIRST_RESPONSE stops at acknowledgement, RESOLUTION at resolution.
 * The resolution clock stands still while the incident is on hold (and while it is resolved, should it
 * be reopened); the first-response clock never pauses, since an incident is acknowledged before it can
 * be put on hold. A clock is judged at the instant it falls due: a response or resolution strictly before
 * the due time meets the target, and from the due time on, with nothing done, the target is breached
 * (time left 0 is BREACHED, not AT_RISK). Likewise a clock is AT_RISK from the instant its time left
 * reaches the at-risk share of the target. So a timer set for either instant sees the new status.
 */

export type SlaMetric = 'FIRST_RESPONSE' | 'RESOLUTION';
export type SlaStatus = 'ON_TRACK' | 'AT_RISK' | 'BREACHED' | 'MET';

/** A period on hold: the resolution clock stands still from `start` to `end` (null: still on hold). */
export interface SlaHold {
  start: Date;
  end: Date | null;
}

/**
 * What an incident's SLA is computed from, shaped to persist as columns: `reportedAt`, `acknowledgedAt`
 * and `resolvedAt` are the incident's own; the SLA adds its two targets (snapshotted from the policy at
 * logging and on each priority change, so a later edit of the policy never re-judges open incidents and a
 * completed clock keeps the target it was judged by) and its holds (a jsonb array `[{start, end}]`, in
 * order, not overlapping, only the last one open).
 */
export interface SlaState {
  reportedAt: Date;
  firstResponseTargetMs: number;
  resolutionTargetMs: number;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  holds: readonly SlaHold[];
}

export interface SlaClockEvaluation {
  metric: SlaMetric;
  status: SlaStatus;
  targetMs: number;
  /** Clock time used: until the response or resolution if there was one, else until now. */
  elapsedMs: number;
  /** `targetMs - elapsedMs`: the time left, negative once overdue (frozen once the clock stopped). */
  remainingMs: number;
  /** When the target falls due; null while on hold before it (the due time moves with the hold). */
  dueAt: Date | null;
  /** When the clock turns AT_RISK; null while on hold before it, or when the at-risk share is 0. */
  atRiskAt: Date | null;
  /** The acknowledgement or resolution that stopped the clock. */
  completedAt: Date | null;
  /** On hold now (RESOLUTION only). */
  paused: boolean;
}

export interface SlaEvaluation {
  firstResponse: SlaClockEvaluation;
  resolution: SlaClockEvaluation;
  /** The worse of the two: BREACHED, then AT_RISK, then ON_TRACK, then MET. */
  status: SlaStatus;
  /** The least time left on a clock still running, null once both stopped. */
  remainingMs: number | null;
}

/** The next status a running clock will reach by itself, and when; what a timer is set for. */
export interface SlaChange {
  status: 'AT_RISK' | 'BREACHED';
  at: Date;
}

/** A call that breaks the clock's invariants (the incident lifecycle rules them out first). */
export class SlaStateError extends Error {
  override name = 'SlaStateError';
}

/** The clocks of a newly logged incident, with the targets of its priority. */
export function startSla(
  input: { reportedAt: Date; priority: Priority },
  policies: SlaPolicies = defaultSlaPolicies,
): SlaState {
  const targets = slaTargetsFor(input.priority, policies);
  return {
    reportedAt: input.reportedAt,
    firstResponseTargetMs: targets.firstResponseMs,
    resolutionTargetMs: targets.resolutionMs,
    acknowledgedAt: null,
    resolvedAt: null,
    holds: [],
  };
}

/**
 * A new priority brings its targets to the clocks still running, measured from the original report
 * with the time already used kept (so a raise can breach at once, a cut can lift a breach). A stopped
 * clock keeps the target it was judged by.
 */
export function changeSlaPriority(
  state: SlaState,
  priority: Priority,
  policies: SlaPolicies = defaultSlaPolicies,
): SlaState {
  const targets = slaTargetsFor(priority, policies);
  return {
    ...state,
    firstResponseTargetMs: state.acknowledgedAt ? state.firstResponseTargetMs : targets.firstResponseMs,
    resolutionTargetMs: state.resolvedAt ? state.resolutionTargetMs : targets.resolutionMs,
  };
}

/** The first acknowledgement answers the first-response target; later ones change nothing. */
export function acknowledgeSla(state: SlaState, at: Date): SlaState {
  if (state.acknowledgedAt) return state;
  assertNotBefore(at, state.reportedAt, 'acknowledgement');
  return { ...state, acknowledgedAt: at };
}

export function pauseSla(state: SlaState, at: Date): SlaState {
  if (state.resolvedAt) throw new SlaStateError('a resolved incident cannot be put on hold');
  if (openHold(state)) throw new SlaStateError('the SLA clock is already on hold');
  assertNotBefore(at, latestInstant(state), 'a hold');
  return { ...state, holds: [...state.holds, { start: at, end: null }] };
}

export function resumeSla(state: SlaState, at: Date): SlaState {
  const hold = openHold(state);
  if (!hold) throw new SlaStateError('the SLA clock is not on hold');
  assertNotBefore(at, hold.start, 'the end of a hold');
  return { ...state, holds: closeLastHold(state.holds, at) };
}

/** Stops the resolution clock (ending a hold in progress); resolving also counts as the first response. */
export function resolveSla(state: SlaState, at: Date): SlaState {
  if (state.resolvedAt) throw new SlaStateError('the incident is already resolved');
  assertNotBefore(at, latestInstant(state), 'the resolution');
  const holds = openHold(state) ? closeLastHold(state.holds, at) : state.holds;
  return { ...state, acknowledgedAt: state.acknowledgedAt ?? at, resolvedAt: at, holds };
}

/** Takes a resolution back: the resolution clock runs again, the time spent resolved counted as a hold. */
export function reopenSla(state: SlaState, at: Date): SlaState {
  if (!state.resolvedAt) throw new SlaStateError('only a resolved incident can be reopened');
  assertNotBefore(at, state.resolvedAt, 'the reopening');
  return { ...state, resolvedAt: null, holds: [...state.holds, { start: state.resolvedAt, end: at }] };
}

/** Both clocks at `now`. */
export function evaluateSla(
  state: SlaState,
  now: Date,
  config: Pick<SlaConfig, 'atRiskRatio'> = defaultSlaConfig,
): SlaEvaluation {
  const firstResponse = evaluateClock({
    metric: 'FIRST_RESPONSE',
    reportedAt: state.reportedAt,
    targetMs: state.firstResponseTargetMs,
    holds: [],
    completedAt: state.acknowledgedAt,
    now,
    atRiskRatio: config.atRiskRatio,
  });
  const resolution = evaluateClock({
    metric: 'RESOLUTION',
    reportedAt: state.reportedAt,
    targetMs: state.resolutionTargetMs,
    holds: state.holds,
    completedAt: state.resolvedAt,
    now,
    atRiskRatio: config.atRiskRatio,
  });
  const running = [firstResponse, resolution].filter((clock) => clock.completedAt === null);
  return {
    firstResponse,
    resolution,
    status:
      severity[firstResponse.status] >= severity[resolution.status]
        ? firstResponse.status
        : resolution.status,
    remainingMs: running.length === 0 ? null : Math.min(...running.map((clock) => clock.remainingMs)),
  };
}

/** The targets breached at `now`: still running past due, or stopped late. */
export function slaBreaches(
  state: SlaState,
  now: Date,
  config: Pick<SlaConfig, 'atRiskRatio'> = defaultSlaConfig,
): SlaMetric[] {
  const { firstResponse, resolution } = evaluateSla(state, now, config);
  return [firstResponse, resolution]
    .filter((clock) => clock.status === 'BREACHED')
    .map((clock) => clock.metric);
}

/**
 * For each clock, the next status it reaches by itself after `now` and when: null once it stopped, while
 * it is on hold (resuming gives a new one), or once it is breached. One timer per clock, rescheduled from
 * this after every change of the state, is enough to notice every at-risk and breach instant.
 */
export function nextSlaChanges(
  state: SlaState,
  now: Date,
  config: Pick<SlaConfig, 'atRiskRatio'> = defaultSlaConfig,
): Record<'firstResponse' | 'resolution', SlaChange | null> {
  const { firstResponse, resolution } = evaluateSla(state, now, config);
  return { firstResponse: nextChange(firstResponse, now), resolution: nextChange(resolution, now) };
}

const severity: Record<SlaStatus, number> = { MET: 0, ON_TRACK: 1, AT_RISK: 2, BREACHED: 3 };

function nextChange(clock: SlaClockEvaluation, now: Date): SlaChange | null {
  if (clock.completedAt || clock.paused) return null;
  if (clock.atRiskAt && now < clock.atRiskAt) return { status: 'AT_RISK', at: clock.atRiskAt };
  if (clock.dueAt && now < clock.dueAt) return { status: 'BREACHED', at: clock.dueAt };
  return null;
}

function evaluateClock(input: {
  metric: SlaMetric;
  reportedAt: Date;
  targetMs: number;
  holds: readonly SlaHold[];
  completedAt: Date | null;
  now: Date;
  atRiskRatio: number;
}): SlaClockEvaluation {
  const { reportedAt, targetMs, holds, completedAt, now } = input;
  const atRiskMs = Math.round(targetMs * input.atRiskRatio);
  const elapsedMs = activeMs(reportedAt, holds, completedAt ?? now);
  const remainingMs = targetMs - elapsedMs;
  let status: SlaStatus;
  if (remainingMs <= 0) status = 'BREACHED';
  else if (completedAt) status = 'MET';
  else if (remainingMs <= atRiskMs) status = 'AT_RISK';
  else status = 'ON_TRACK';
  const last = holds.at(-1);
  return {
    metric: input.metric,
    status,
    targetMs,
    elapsedMs,
    remainingMs,
    dueAt: instantAtActive(reportedAt, holds, targetMs),
    atRiskAt: atRiskMs > 0 ? instantAtActive(reportedAt, holds, targetMs - atRiskMs) : null,
    completedAt,
    paused: !completedAt && last !== undefined && last.end === null && last.start <= now,
  };
}

/** Clock time from `reportedAt` to `until`, minus the parts on hold. */
function activeMs(reportedAt: Date, holds: readonly SlaHold[], until: Date): number {
  const start = reportedAt.getTime();
  const end = until.getTime();
  if (end <= start) return 0;
  let heldMs = 0;
  for (const hold of holds) {
    const from = Math.max(start, hold.start.getTime());
    const to = Math.min(end, hold.end?.getTime() ?? end);
    if (to > from) heldMs += to - from;
  }
  return end - start - heldMs;
}

/**
 * The instant the clock has run `targetMs`, holds skipped: a hold that starts after that instant does not
 * move it. Null when a hold still open stops the clock before it gets there.
 */
function instantAtActive(reportedAt: Date, holds: readonly SlaHold[], targetMs: number): Date | null {
  let cursor = reportedAt.getTime();
  let leftMs = targetMs;
  for (const hold of holds) {
    const holdStart = Math.max(cursor, hold.start.getTime());
    if (holdStart - cursor >= leftMs) break;
    leftMs -= holdStart - cursor;
    if (hold.end === null) return null;
    cursor = Math.max(cursor, hold.end.getTime());
  }
  return new Date(cursor + leftMs);
}

function openHold(state: SlaState): SlaHold | null {
  const last = state.holds.at(-1);
  return last && last.end === null ? last : null;
}

function closeLastHold(holds: readonly SlaHold[], at: Date): SlaHold[] {
  return holds.map((hold, index) => (index === holds.length - 1 ? { start: hold.start, end: at } : hold));
}

/** The latest instant the state records, which any new event must not precede. */
function latestInstant(state: SlaState): Date {
  const last = state.holds.at(-1);
  return last?.end ?? last?.start ?? state.reportedAt;
}

function assertNotBefore(at: Date, earliest: Date, what: string): void {
  if (Number.isNaN(at.getTime())) throw new SlaStateError(`${what} has an invalid time`);
  if (at < earliest) {
    throw new SlaStateError(`${what} at ${at.toISOString()} precedes ${earliest.toISOString()}`);
  }
}
