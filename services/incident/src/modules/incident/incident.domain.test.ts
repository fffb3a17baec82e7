import type { IncidentStatus } from '@mim/contracts';
import { incidentStatusSchema } from '@mim/contracts';
import {
  type IncidentState,
  type LifecycleAction,
  type LifecycleCommand,
  allowedTransitions,
  assertTransition,
  checkReportTimes,
  lifecycleActions,
  logIncident,
  openStatuses,
  transition,
} from './incident.domain';
import { defaultPriorityMatrix, priorityOf } from './priority';

const fresh: IncidentState = {
  status: 'NEW',
  version: 1,
  acknowledgedAt: null,
  resolvedAt: null,
  resolutionCode: null,
  resolutionNotes: null,
  holdReason: null,
  holdNote: null,
  closedAt: null,
  cancelledAt: null,
  cancellationReason: null,
  reopenCount: 0,
  isMajor: false,
  resolutionWithoutChangeReason: null,
};
const at = new Date('2026-01-01T10:00:00Z');
const policy = { reopenWindowHours: 72, majorResolutionRequiresChange: true };
const statuses = incidentStatusSchema.options;

const commands: Record<LifecycleAction, LifecycleCommand> = {
  acknowledge: { action: 'acknowledge' },
  start: { action: 'start' },
  hold: { action: 'hold', reason: 'AWAITING_USER', note: null },
  resume: { action: 'resume' },
  resolve: {
    action: 'resolve',
    code: 'PERMANENT_FIX',
    notes: 'fixed',
    withoutChangeReason: null,
    fixingChanges: [],
  },
  close: { action: 'close' },
  reopen: { action: 'reopen', reason: 'still broken' },
  cancel: { action: 'cancel', reason: 'duplicate' },
};

/** A state as the lifecycle leaves it in `status` (resolved just now, so reopening is in the window). */
function inStatus(status: IncidentStatus): IncidentState {
  return {
    ...fresh,
    status,
    version: 3,
    acknowledgedAt: status === 'NEW' ? null : at,
    resolvedAt: status === 'RESOLVED' || status === 'CLOSED' ? at : null,
    resolutionCode: status === 'RESOLVED' || status === 'CLOSED' ? 'WORKAROUND' : null,
    resolutionNotes: status === 'RESOLVED' || status === 'CLOSED' ? 'restarted' : null,
    holdReason: status === 'ON_HOLD' ? 'AWAITING_VENDOR' : null,
  };
}

const run = (state: IncidentState, command: LifecycleCommand, when = at) =>
  transition(state, state.version, command, when, policy);

describe('priority matrix', () => {
  it.each([
    ['EXTENSIVE', 'CRITICAL', 'P1'],
    ['EXTENSIVE', 'LOW', 'P4'],
    ['SIGNIFICANT', 'HIGH', 'P3'],
    ['MODERATE', 'CRITICAL', 'P3'],
    ['MINOR', 'CRITICAL', 'P4'],
    ['MINOR', 'LOW', 'P5'],
  ] as const)('%s x %s -> %s', (impact, urgency, expected) => {
    expect(priorityOf(impact, urgency)).toBe(expected);
  });

  it('follows impact + urgency - 1, capped at P5, in every cell', () => {
    const impacts = ['EXTENSIVE', 'SIGNIFICANT', 'MODERATE', 'MINOR'] as const;
    const urgencies = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
    impacts.forEach((impact, i) =>
      urgencies.forEach((urgency, u) => {
        expect(defaultPriorityMatrix[impact][urgency]).toBe(`P${Math.min(5, i + u + 1)}`);
      }),
    );
  });

  it('logs a new incident with the matrix priority, status NEW, version 1, at L1', () => {
    const incident = logIncident({
      title: 't',
      description: 'd',
      kind: 'INCIDENT',
      channel: 'PHONE',
      impact: 'EXTENSIVE',
      urgency: 'CRITICAL',
    });
    expect(incident).toMatchObject({ priority: 'P1', status: 'NEW', version: 1, supportTier: 'L1' });
  });

  it('logs with a configured matrix', () => {
    const allP2 = Object.fromEntries(
      Object.entries(defaultPriorityMatrix).map(([impact, row]) => [
        impact,
        Object.fromEntries(Object.keys(row).map((urgency) => [urgency, 'P2'])),
      ]),
    ) as typeof defaultPriorityMatrix;
    const incident = logIncident(
      { title: 't', description: 'd', kind: 'INCIDENT', channel: 'PHONE', impact: 'MINOR', urgency: 'LOW' },
      allP2,
    );
    expect(incident.priority).toBe('P2');
  });
});

describe('lifecycle', () => {
  it('acknowledges a new incident and bumps the version', () => {
    expect(transition(fresh, 1, commands.acknowledge, at, policy).state).toMatchObject({
      status: 'ACKNOWLEDGED',
      acknowledgedAt: at,
      version: 2,
    });
  });

  it('refuses a stale expected version with CONFLICT', () => {
    expect(() => transition(fresh, 0, commands.acknowledge, at, policy)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
  });

  it('checks the version before the transition: a stale version on a final state is CONFLICT', () => {
    expect(() => transition(inStatus('CLOSED'), 2, commands.reopen, at, policy)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
  });

  it('refuses an invalid transition with INVALID_TRANSITION', () => {
    const resolved = transition(fresh, 1, commands.resolve, at, policy).state;
    expect(() => transition(resolved, 2, commands.acknowledge, at, policy)).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
  });

  it('resolving an unacknowledged incident also stamps acknowledgement', () => {
    expect(transition(fresh, 1, commands.resolve, at, policy).state).toMatchObject({
      status: 'RESOLVED',
      acknowledgedAt: at,
      resolvedAt: at,
      resolutionCode: 'PERMANENT_FIX',
      resolutionNotes: 'fixed',
    });
  });

  it('has terminal states with no way out', () => {
    expect(allowedTransitions.CLOSED).toEqual([]);
    expect(allowedTransitions.CANCELLED).toEqual([]);
  });

  describe('every pair of states', () => {
    const pairs = statuses.flatMap((from) => statuses.map((to) => [from, to] as const));
    const allowed = pairs.filter(([from, to]) => allowedTransitions[from].includes(to));
    const forbidden = pairs.filter(([from, to]) => !allowedTransitions[from].includes(to));

    it('allows exactly the documented lifecycle', () => {
      expect(allowed.map(([from, to]) => `${from}->${to}`).sort()).toEqual(
        [
          'NEW->ACKNOWLEDGED',
          'NEW->IN_PROGRESS',
          'NEW->RESOLVED',
          'NEW->CANCELLED',
          'ACKNOWLEDGED->IN_PROGRESS',
          'ACKNOWLEDGED->ON_HOLD',
          'ACKNOWLEDGED->RESOLVED',
          'ACKNOWLEDGED->CANCELLED',
          'IN_PROGRESS->ON_HOLD',
          'IN_PROGRESS->RESOLVED',
          'IN_PROGRESS->CANCELLED',
          'ON_HOLD->IN_PROGRESS',
          'ON_HOLD->RESOLVED',
          'ON_HOLD->CANCELLED',
          'RESOLVED->CLOSED',
          'RESOLVED->IN_PROGRESS',
        ].sort(),
      );
    });

    it.each(allowed)('allows %s -> %s', (from, to) => {
      expect(() => assertTransition(from, to)).not.toThrow();
    });

    it.each(forbidden)('forbids %s -> %s with INVALID_TRANSITION', (from, to) => {
      expect(() => assertTransition(from, to)).toThrow(
        expect.objectContaining({ code: 'INVALID_TRANSITION', details: { from, to } }),
      );
    });
  });

  describe('every intent from every state', () => {
    const actions = Object.keys(lifecycleActions) as LifecycleAction[];
    const cases = actions.flatMap((action) => statuses.map((from) => [action, from] as const));
    const allowed = cases.filter(([action, from]) => lifecycleActions[action].from.includes(from));
    const forbidden = cases.filter(([action, from]) => !lifecycleActions[action].from.includes(from));

    it('together cover exactly the allowed transitions', () => {
      const covered = new Set(allowed.map(([action, from]) => `${from}->${lifecycleActions[action].to}`));
      const expected = new Set(
        statuses.flatMap((from) => allowedTransitions[from].map((to) => `${from}->${to}`)),
      );
      expect([...covered].sort()).toEqual([...expected].sort());
    });

    it.each(allowed)('%s from %s moves to its target and bumps the version', (action, from) => {
      const { state, change } = run(inStatus(from), commands[action]);
      expect(state.status).toBe(lifecycleActions[action].to);
      expect(state.version).toBe(4);
      expect(change).toMatchObject({ action, from, to: lifecycleActions[action].to });
    });

    it.each(forbidden)('%s from %s is INVALID_TRANSITION', (action, from) => {
      expect(() => run(inStatus(from), commands[action])).toThrow(
        expect.objectContaining({ code: 'INVALID_TRANSITION' }),
      );
    });

    it('points at resume when start is used on a hold, and at reopen on a resolution', () => {
      expect(() => run(inStatus('ON_HOLD'), commands.start)).toThrow(/resume it instead/);
      expect(() => run(inStatus('RESOLVED'), commands.start)).toThrow(/reopen it instead/);
    });
  });

  it('cancels from every open state and from no other', () => {
    expect(lifecycleActions.cancel.from).toEqual(openStatuses);
    for (const from of openStatuses) {
      expect(run(inStatus(from), commands.cancel).state).toMatchObject({
        status: 'CANCELLED',
        cancelledAt: at,
        cancellationReason: 'duplicate',
      });
    }
  });

  it('records the hold reason and note, and clears them on resume', () => {
    const held = run(inStatus('IN_PROGRESS'), {
      action: 'hold',
      reason: 'OTHER',
      note: 'waiting for the site to reopen',
    });
    expect(held.state).toMatchObject({ holdReason: 'OTHER', holdNote: 'waiting for the site to reopen' });
    expect(held.change).toMatchObject({
      reason: 'waiting for the site to reopen',
      detail: { holdReason: 'OTHER', note: 'waiting for the site to reopen' },
    });
    const resumed = run(held.state, commands.resume);
    expect(resumed.state).toMatchObject({ status: 'IN_PROGRESS', holdReason: null, holdNote: null });
    expect(resumed.change.detail).toEqual({ endedHold: 'OTHER' });
  });

  it('carries the resolution notes as the status change reason', () => {
    expect(run(inStatus('IN_PROGRESS'), commands.resolve).change).toMatchObject({
      reason: 'fixed',
      detail: { resolutionCode: 'PERMANENT_FIX', resolutionNotes: 'fixed' },
    });
  });

  it('stamps closing and keeps the resolution', () => {
    expect(run(inStatus('RESOLVED'), commands.close).state).toMatchObject({
      status: 'CLOSED',
      closedAt: at,
      resolutionCode: 'WORKAROUND',
    });
  });

  describe('resolving a major incident (resolve as a change)', () => {
    const major = { ...inStatus('IN_PROGRESS'), isMajor: true };
    const change = (status: 'APPROVED' | 'IMPLEMENTED', implemented: boolean) => ({
      changeId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      number: 'CHG-000031',
      status,
      linked: true,
      implemented,
    });
    const resolve = (extra: Partial<Extract<LifecycleCommand, { action: 'resolve' }>>) => ({
      ...(commands.resolve as Extract<LifecycleCommand, { action: 'resolve' }>),
      ...extra,
    });

    it('records the implemented change that fixed it', () => {
      const { state, change: done } = run(major, resolve({ fixingChanges: [change('IMPLEMENTED', true)] }));
      expect(state).toMatchObject({ status: 'RESOLVED', resolutionWithoutChangeReason: null });
      expect(done.detail).toEqual({
        resolutionCode: 'PERMANENT_FIX',
        resolutionNotes: 'fixed',
        fixedBy: [
          { changeId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', number: 'CHG-000031', status: 'IMPLEMENTED' },
        ],
      });
    });

    it('refuses FIX_NOT_IMPLEMENTED while its change is only approved, after checking version and state', () => {
      expect(() => run(major, resolve({ fixingChanges: [change('APPROVED', false)] }))).toThrow(
        expect.objectContaining({ code: 'FIX_NOT_IMPLEMENTED' }),
      );
      expect(() => transition(major, 2, resolve({}), at, policy)).toThrow(
        expect.objectContaining({ code: 'CONFLICT' }),
      );
      expect(() => run({ ...major, status: 'CLOSED' }, resolve({}))).toThrow(
        expect.objectContaining({ code: 'INVALID_TRANSITION' }),
      );
    });

    it('keeps the reason of a resolution without a change, until the incident is reopened', () => {
      const { state, change: done } = run(
        major,
        resolve({ withoutChangeReason: 'Vendor fixed it upstream' }),
      );
      expect(state.resolutionWithoutChangeReason).toBe('Vendor fixed it upstream');
      expect(done.detail).toMatchObject({ resolutionWithoutChangeReason: 'Vendor fixed it upstream' });
      expect(run(state, commands.reopen).state.resolutionWithoutChangeReason).toBeNull();
    });

    it('lets it through when the rule is switched off', () => {
      const off = { ...policy, majorResolutionRequiresChange: false };
      expect(transition(major, major.version, resolve({}), at, off).state.status).toBe('RESOLVED');
    });
  });

  describe('reopening', () => {
    const resolvedAt = new Date('2026-01-01T10:00:00Z');
    const resolved = { ...inStatus('RESOLVED'), resolvedAt };
    const hours = (n: number) => new Date(resolvedAt.getTime() + n * 3_600_000);

    it('is allowed up to the end of the window and clears the resolution', () => {
      const { state, change } = run(resolved, commands.reopen, hours(72));
      expect(state).toMatchObject({
        status: 'IN_PROGRESS',
        resolvedAt: null,
        resolutionCode: null,
        resolutionNotes: null,
        reopenCount: 1,
      });
      expect(change).toMatchObject({
        reason: 'still broken',
        detail: { previousResolutionCode: 'WORKAROUND' },
      });
    });

    it('is INVALID_TRANSITION after the window, saying when it ended', () => {
      expect(() => run(resolved, commands.reopen, new Date(hours(72).getTime() + 1))).toThrow(
        expect.objectContaining({
          code: 'INVALID_TRANSITION',
          message: expect.stringMatching(/reopen window of 72 h .* ended at 2026-01-04T10:00:00.000Z/),
          details: expect.objectContaining({ reopenWindowEndedAt: '2026-01-04T10:00:00.000Z' }),
        }),
      );
    });

    it('follows the configured window', () => {
      expect(() =>
        transition(resolved, resolved.version, commands.reopen, hours(2), {
          ...policy,
          reopenWindowHours: 1,
        }),
      ).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    });
  });
});

describe('report times', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

  it('accepts a report backdated within the limit and a failure before it', () => {
    expect(checkReportTimes({ reportedAt: minutes(-120), failureStartedAt: minutes(-180) }, now, 30)).toEqual(
      {
        ok: true,
        reportedAt: minutes(-120),
        failureStartedAt: minutes(-180),
      },
    );
  });

  it.each([
    [
      'a report in the future',
      { reportedAt: minutes(5), failureStartedAt: null },
      'reportedAt',
      'must not be in the future',
    ],
    [
      'a report beyond the backdating limit',
      { reportedAt: minutes(-31 * 1440), failureStartedAt: null },
      'reportedAt',
      'must be within the last 30 days',
    ],
    [
      'a failure in the future',
      { reportedAt: now, failureStartedAt: minutes(5) },
      'failureStartedAt',
      'must not be in the future',
    ],
    [
      'a failure after the report',
      { reportedAt: minutes(-60), failureStartedAt: minutes(-30) },
      'failureStartedAt',
      'must not be after reportedAt',
    ],
  ])('refuses %s', (_case, times, path, message) => {
    expect(checkReportTimes(times, now, 30)).toEqual({ ok: false, problems: [{ path, message }] });
  });

  it('tolerates clock skew: a failure start just after the report counts as the report time', () => {
    expect(checkReportTimes({ reportedAt: now, failureStartedAt: minutes(0.5) }, now, 30)).toMatchObject({
      ok: true,
      failureStartedAt: now,
    });
  });
});
