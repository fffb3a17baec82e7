import type {
  HoldReason,
  Impact,
  IncidentStatus,
  IntakeChannel,
  Priority,
  ResolutionCode,
  SupportTier,
  Urgency,
} from '@mim/contracts';
import {
  type FixingChangeView,
  type ResolutionFix,
  resolutionFix,
} from '../major-incident/major-resolution.domain';
import { invalidTransition, staleVersion } from './incident.errors';
import { type PriorityMatrix, priorityOf } from './priority';

/** The lifecycle; each entry lists the states reachable in one step. */
export const allowedTransitions: Record<IncidentStatus, readonly IncidentStatus[]> = {
  NEW: ['ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'CANCELLED'],
  ACKNOWLEDGED: ['IN_PROGRESS', 'ON_HOLD', 'RESOLVED', 'CANCELLED'],
  IN_PROGRESS: ['ON_HOLD', 'RESOLVED', 'CANCELLED'],
  ON_HOLD: ['IN_PROGRESS', 'RESOLVED', 'CANCELLED'],
  RESOLVED: ['CLOSED', 'IN_PROGRESS'],
  CLOSED: [],
  CANCELLED: [],
};

/** States in which the incident is still being worked: it can be changed, escalated or cancelled. */
export const openStatuses: readonly IncidentStatus[] = ['NEW', 'ACKNOWLEDGED', 'IN_PROGRESS', 'ON_HOLD'];

export function isOpen(status: IncidentStatus): boolean {
  return openStatuses.includes(status);
}

/** One mutation per intent; several intents may reach the same state from different ones. */
export type LifecycleAction =
  'acknowledge' | 'start' | 'hold' | 'resume' | 'resolve' | 'close' | 'reopen' | 'cancel';

/**
 * Where each intent may start and where it leads. Together they cover exactly `allowedTransitions`
 * (a test checks it): `start` begins work (from NEW directly, acknowledging it on the way), `resume`
 * ends a hold, `reopen` takes a resolution back; all three lead to IN_PROGRESS.
 */
export const lifecycleActions: Record<
  LifecycleAction,
  { from: readonly IncidentStatus[]; to: IncidentStatus }
> = {
  acknowledge: { from: ['NEW'], to: 'ACKNOWLEDGED' },
  start: { from: ['NEW', 'ACKNOWLEDGED'], to: 'IN_PROGRESS' },
  hold: { from: ['ACKNOWLEDGED', 'IN_PROGRESS'], to: 'ON_HOLD' },
  resume: { from: ['ON_HOLD'], to: 'IN_PROGRESS' },
  resolve: { from: openStatuses, to: 'RESOLVED' },
  close: { from: ['RESOLVED'], to: 'CLOSED' },
  reopen: { from: ['RESOLVED'], to: 'IN_PROGRESS' },
  cancel: { from: openStatuses, to: 'CANCELLED' },
};

export function assertTransition(from: IncidentStatus, to: IncidentStatus): void {
  if (!allowedTransitions[from].includes(to)) throw invalidTransition(from, to);
}

export function assertVersion(expected: number, actual: number): void {
  if (expected !== actual) throw staleVersion(expected, actual);
}

/** The part of an incident the lifecycle reads and writes. */
export interface IncidentState {
  status: IncidentStatus;
  version: number;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  resolutionCode: ResolutionCode | null;
  resolutionNotes: string | null;
  holdReason: HoldReason | null;
  holdNote: string | null;
  closedAt: Date | null;
  cancelledAt: Date | null;
  cancellationReason: string | null;
  reopenCount: number;
  /** Read only: a major incident is resolved by an implemented change (major-resolution.domain.ts). */
  isMajor: boolean;
  resolutionWithoutChangeReason: string | null;
}

export type LifecycleCommand =
  | { action: 'acknowledge' }
  | { action: 'start' }
  | { action: 'hold'; reason: HoldReason; note: string | null }
  | { action: 'resume' }
  | {
      action: 'resolve';
      code: ResolutionCode;
      notes: string;
      /** Why a major incident is resolved without an implemented change; null when none is given. */
      withoutChangeReason: string | null;
      /** The changes that fix the incident (read for a major incident; empty otherwise). */
      fixingChanges: readonly FixingChangeView[];
    }
  | { action: 'close' }
  | { action: 'reopen'; reason: string }
  | { action: 'cancel'; reason: string };

export interface LifecyclePolicy {
  /** A resolved incident may be reopened until this long after its resolution. */
  reopenWindowHours: number;
  /** A major incident is resolved only once a fixing change is implemented, or with a reason. */
  majorResolutionRequiresChange: boolean;
}

/** What a transition did, for the timeline and the status_changed event. */
export interface StatusChange {
  action: LifecycleAction;
  from: IncidentStatus;
  to: IncidentStatus;
  /** The human reason carried by incident.status_changed.v1 (resolution notes, hold note, ...). */
  reason: string | null;
  /** Structured facts of the change (hold reason, resolution code, ...). */
  detail: Record<string, unknown>;
}

/**
 * The one place an incident changes state: checks the expected version (CONFLICT), that the intent
 * applies to the current state (INVALID_TRANSITION), the reopen window, and that a major incident is
 * resolved by an implemented change (FIX_NOT_IMPLEMENTED); returns the new state and what changed.
 * Pure: the caller stamps `at` and persists.
 */
export function transition(
  state: IncidentState,
  expectedVersion: number,
  command: LifecycleCommand,
  at: Date,
  policy: LifecyclePolicy,
): { state: IncidentState; change: StatusChange } {
  assertVersion(expectedVersion, state.version);
  const { from: sources, to } = lifecycleActions[command.action];
  const from = state.status;
  if (!sources.includes(from)) throw invalidTransition(from, to, wrongIntentHint(command.action, from));
  assertTransition(from, to);
  const base: IncidentState = { ...state, status: to, version: state.version + 1 };
  const change = (reason: string | null, detail: Record<string, unknown> = {}): StatusChange => ({
    action: command.action,
    from,
    to,
    reason,
    detail,
  });
  switch (command.action) {
    case 'acknowledge':
      return { state: { ...base, acknowledgedAt: at }, change: change(null) };
    case 'start':
      return { state: { ...base, acknowledgedAt: state.acknowledgedAt ?? at }, change: change(null) };
    case 'hold':
      return {
        state: {
          ...base,
          acknowledgedAt: state.acknowledgedAt ?? at,
          holdReason: command.reason,
          holdNote: command.note,
        },
        change: change(command.note ?? command.reason, { holdReason: command.reason, note: command.note }),
      };
    case 'resume':
      return {
        state: { ...base, holdReason: null, holdNote: null },
        change: change(null, { endedHold: state.holdReason }),
      };
    case 'resolve': {
      const fix = resolutionFix(
        state,
        command.fixingChanges,
        command.withoutChangeReason,
        policy.majorResolutionRequiresChange,
      );
      return {
        state: {
          ...base,
          // Resolving an unacknowledged incident acknowledges it too, so MTTA is never missing.
          acknowledgedAt: state.acknowledgedAt ?? at,
          resolvedAt: at,
          resolutionCode: command.code,
          resolutionNotes: command.notes,
          resolutionWithoutChangeReason: fix.withoutChangeReason,
          holdReason: null,
          holdNote: null,
        },
        change: change(command.notes, {
          resolutionCode: command.code,
          resolutionNotes: command.notes,
          ...resolutionFixDetail(fix),
        }),
      };
    }
    case 'close':
      return { state: { ...base, closedAt: at }, change: change(null) };
    case 'reopen': {
      assertWithinReopenWindow(state, at, policy);
      return {
        state: {
          ...base,
          resolvedAt: null,
          resolutionCode: null,
          resolutionNotes: null,
          resolutionWithoutChangeReason: null,
          reopenCount: state.reopenCount + 1,
        },
        change: change(command.reason, {
          reason: command.reason,
          previousResolutionCode: state.resolutionCode,
          reopenCount: state.reopenCount + 1,
        }),
      };
    }
    case 'cancel':
      return {
        state: {
          ...base,
          cancelledAt: at,
          cancellationReason: command.reason,
          holdReason: null,
          holdNote: null,
        },
        change: change(command.reason, { reason: command.reason }),
      };
  }
}

/** What a resolution records of its fix, only when there is something to say (a major incident). */
function resolutionFixDetail(fix: ResolutionFix): Record<string, unknown> {
  return {
    ...(fix.fixedBy.length > 0 ? { fixedBy: fix.fixedBy } : {}),
    ...(fix.withoutChangeReason !== null ? { resolutionWithoutChangeReason: fix.withoutChangeReason } : {}),
  };
}

function assertWithinReopenWindow(state: IncidentState, at: Date, policy: LifecyclePolicy): void {
  const resolvedAt = state.resolvedAt ?? at;
  const endsAt = new Date(resolvedAt.getTime() + policy.reopenWindowHours * 3_600_000);
  if (at.getTime() > endsAt.getTime()) {
    throw invalidTransition(
      state.status,
      'IN_PROGRESS',
      `the reopen window of ${policy.reopenWindowHours} h after resolution ended at ${endsAt.toISOString()}; ` +
        'log a new incident and refer to this one',
      { reopenWindowHours: policy.reopenWindowHours, reopenWindowEndedAt: endsAt.toISOString() },
    );
  }
}

/** Points at the intent the caller probably meant when one targets the right state from the wrong one. */
function wrongIntentHint(action: LifecycleAction, from: IncidentStatus): string | undefined {
  if (action === 'start' && from === 'ON_HOLD') return 'resume it instead';
  if (action === 'start' && from === 'RESOLVED') return 'reopen it instead';
  if (action === 'resume' && from === 'RESOLVED') return 'reopen it instead';
  if (from === 'CLOSED' || from === 'CANCELLED') return `${from} is final`;
  return undefined;
}

export interface NewIncident {
  title: string;
  description: string;
  kind: 'INCIDENT' | 'SERVICE_REQUEST';
  channel: IntakeChannel;
  impact: Impact;
  urgency: Urgency;
  priority: Priority;
  status: 'NEW';
  supportTier: SupportTier;
  version: 1;
}

/**
 * Classifies a new incident: priority always comes from the matrix, never from the client; every
 * incident starts NEW at the service desk (L1).
 */
export function logIncident(
  input: Omit<NewIncident, 'priority' | 'status' | 'version' | 'supportTier'>,
  matrix?: PriorityMatrix,
): NewIncident {
  return {
    ...input,
    priority: priorityOf(input.impact, input.urgency, matrix),
    status: 'NEW',
    supportTier: 'L1',
    version: 1,
  };
}

/** Clocks may drift a little between a client and the server: "now" allows this much ahead. */
export const clockSkewMs = 60_000;

/**
 * When an incident was reported and when its failure began: neither in the future, the report not
 * earlier than the allowed backdating, the failure not after the report (MTTD is never negative). A
 * failure start less than the clock skew after the report is taken as the report time. Returns the
 * times to store, or the problems as invalid fields.
 */
export function checkReportTimes(
  times: { reportedAt: Date; failureStartedAt: Date | null },
  now: Date,
  maxBackdateDays: number,
):
  | { ok: true; reportedAt: Date; failureStartedAt: Date | null }
  | { ok: false; problems: Array<{ path: string; message: string }> } {
  const problems: Array<{ path: string; message: string }> = [];
  const latest = now.getTime() + clockSkewMs;
  const earliest = now.getTime() - maxBackdateDays * 86_400_000;
  const { reportedAt, failureStartedAt } = times;
  if (reportedAt.getTime() > latest) {
    problems.push({ path: 'reportedAt', message: 'must not be in the future' });
  } else if (reportedAt.getTime() < earliest) {
    problems.push({ path: 'reportedAt', message: `must be within the last ${maxBackdateDays} days` });
  }
  if (failureStartedAt) {
    if (failureStartedAt.getTime() > latest) {
      problems.push({ path: 'failureStartedAt', message: 'must not be in the future' });
    } else if (failureStartedAt.getTime() > reportedAt.getTime() + clockSkewMs) {
      problems.push({ path: 'failureStartedAt', message: 'must not be after reportedAt' });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    reportedAt,
    failureStartedAt:
      failureStartedAt && failureStartedAt.getTime() > reportedAt.getTime() ? reportedAt : failureStartedAt,
  };
}
