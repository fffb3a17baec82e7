import {
  type SlaState,
  SlaStateError,
  acknowledgeSla,
  changeSlaPriority,
  evaluateSla,
  nextSlaChanges,
  pauseSla,
  reopenSla,
  resolveSla,
  resumeSla,
  slaBreaches,
  startSla,
} from './sla.domain';
import { defaultSlaPolicies } from './sla.policy';

const reportedAt = new Date('2026-01-05T09:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The instant `ms` after the report. */
const t = (ms: number) => new Date(reportedAt.getTime() + ms);

const p1 = () => startSla({ reportedAt, priority: 'P1' }); // 15 min / 4 h
const p3 = () => startSla({ reportedAt, priority: 'P3' }); // 1 h / 24 h

/** Applies SLA events in order, as the incident service would on each transition. */
function history(state: SlaState, ...steps: Array<(s: SlaState) => SlaState>): SlaState {
  return steps.reduce((current, step) => step(current), state);
}
const hold = (from: number, to?: number) => (s: SlaState) => {
  const paused = pauseSla(s, t(from));
  return to === undefined ? paused : resumeSla(paused, t(to));
};

describe('due times at logging', () => {
  it.each([
    ['P1', 15 * MINUTE, 4 * HOUR],
    ['P2', 30 * MINUTE, 8 * HOUR],
    ['P3', 1 * HOUR, 24 * HOUR],
    ['P4', 2 * HOUR, 24 * HOUR],
    ['P5', 3 * HOUR, 24 * HOUR],
  ] as const)('%s: first response due after %d ms, resolution after %d ms', (priority, fr, res) => {
    const evaluation = evaluateSla(startSla({ reportedAt, priority }), reportedAt);
    expect(evaluation.firstResponse).toMatchObject({
      dueAt: t(fr),
      targetMs: fr,
      remainingMs: fr,
      elapsedMs: 0,
    });
    expect(evaluation.resolution).toMatchObject({ dueAt: t(res), targetMs: res, remainingMs: res });
    expect(evaluation.status).toBe('ON_TRACK');
  });

  it('turns at risk when a fifth of the target is left', () => {
    const { firstResponse, resolution } = evaluateSla(p1(), reportedAt);
    expect(firstResponse.atRiskAt).toEqual(t(12 * MINUTE));
    expect(resolution.atRiskAt).toEqual(t(3 * HOUR + 12 * MINUTE));
  });

  it('uses the policies it is given', () => {
    const policies = { ...defaultSlaPolicies, P1: { firstResponseMinutes: 5, resolutionMinutes: 60 } };
    const state = startSla({ reportedAt, priority: 'P1' }, policies);
    expect(state).toMatchObject({ firstResponseTargetMs: 5 * MINUTE, resolutionTargetMs: HOUR });
  });
});

describe('status and time left at the boundaries', () => {
  const fr = (state: SlaState, ms: number, atRiskRatio = 0.2) =>
    evaluateSla(state, t(ms), { atRiskRatio }).firstResponse;

  it('is on track until the at-risk instant, at risk from it', () => {
    expect(fr(p1(), 12 * MINUTE - 1)).toMatchObject({ status: 'ON_TRACK', remainingMs: 3 * MINUTE + 1 });
    expect(fr(p1(), 12 * MINUTE)).toMatchObject({ status: 'AT_RISK', remainingMs: 3 * MINUTE });
  });

  it('is breached exactly at the due time (0 left), at risk 1 ms before', () => {
    expect(fr(p1(), 15 * MINUTE - 1)).toMatchObject({ status: 'AT_RISK', remainingMs: 1 });
    expect(fr(p1(), 15 * MINUTE)).toMatchObject({ status: 'BREACHED', remainingMs: 0 });
  });

  it('counts the overdue time as negative time left', () => {
    expect(fr(p1(), HOUR)).toMatchObject({ status: 'BREACHED', remainingMs: -45 * MINUTE, elapsedMs: HOUR });
  });

  it('takes the at-risk share from the configuration; 0 means never at risk', () => {
    expect(fr(p1(), 7 * MINUTE, 0.5)).toMatchObject({ status: 'ON_TRACK' });
    expect(fr(p1(), 7.5 * MINUTE, 0.5)).toMatchObject({ status: 'AT_RISK', atRiskAt: t(7.5 * MINUTE) });
    expect(fr(p1(), 15 * MINUTE - 1, 0)).toMatchObject({ status: 'ON_TRACK', atRiskAt: null });
  });

  it('never counts time before the report (a clock behind the reporter)', () => {
    expect(fr(p1(), -5 * MINUTE)).toMatchObject({ status: 'ON_TRACK', elapsedMs: 0 });
  });
});

describe('first response', () => {
  it('is met by an acknowledgement 1 ms before the due time, and stays met', () => {
    const state = acknowledgeSla(p1(), t(15 * MINUTE - 1));
    for (const now of [t(15 * MINUTE), t(10 * HOUR)]) {
      expect(evaluateSla(state, now).firstResponse).toMatchObject({
        status: 'MET',
        remainingMs: 1,
        completedAt: t(15 * MINUTE - 1),
      });
    }
  });

  it('is breached by an acknowledgement exactly at the due time, and stays breached', () => {
    const state = acknowledgeSla(p1(), t(15 * MINUTE));
    expect(evaluateSla(state, t(15 * MINUTE)).firstResponse).toMatchObject({
      status: 'BREACHED',
      remainingMs: 0,
    });
    expect(evaluateSla(state, t(3 * HOUR)).firstResponse).toMatchObject({
      status: 'BREACHED',
      remainingMs: 0,
    });
  });

  it('keeps the first acknowledgement', () => {
    const state = acknowledgeSla(acknowledgeSla(p1(), t(5 * MINUTE)), t(20 * MINUTE));
    expect(state.acknowledgedAt).toEqual(t(5 * MINUTE));
  });

  it('is met by a resolution that comes first (resolving acknowledges)', () => {
    const state = resolveSla(p1(), t(10 * MINUTE));
    expect(state.acknowledgedAt).toEqual(t(10 * MINUTE));
    expect(evaluateSla(state, t(HOUR)).status).toBe('MET');
  });

  it('does not pause on hold', () => {
    const state = pauseSla(p1(), t(5 * MINUTE));
    expect(evaluateSla(state, t(20 * MINUTE)).firstResponse).toMatchObject({
      status: 'BREACHED',
      paused: false,
      dueAt: t(15 * MINUTE),
    });
  });

  it('refuses an acknowledgement before the report', () => {
    expect(() => acknowledgeSla(p1(), t(-1))).toThrow(SlaStateError);
  });
});

describe('resolution clock on hold', () => {
  const resolution = (state: SlaState, ms: number) => evaluateSla(state, t(ms)).resolution;

  it('stands still during a hold: time left frozen, due time unknown until resumed', () => {
    const onHold = history(p1(), (s) => acknowledgeSla(s, t(MINUTE)), hold(HOUR));
    for (const now of [HOUR, 2 * HOUR, 30 * HOUR]) {
      expect(resolution(onHold, now)).toMatchObject({
        status: 'ON_TRACK',
        paused: true,
        elapsedMs: HOUR,
        remainingMs: 3 * HOUR,
        dueAt: null,
        atRiskAt: null,
      });
    }
  });

  it('moves the due time by the length of a hold before it', () => {
    const state = history(p1(), hold(HOUR, 3 * HOUR));
    expect(resolution(state, 3 * HOUR)).toMatchObject({ paused: false, elapsedMs: HOUR, dueAt: t(6 * HOUR) });
    expect(resolution(state, 6 * HOUR - 1).status).toBe('AT_RISK');
    expect(resolution(state, 6 * HOUR).status).toBe('BREACHED');
  });

  it('saves a clock whose hold spans the original due time', () => {
    // P1, 4 h: on hold from 3 h (1 h left) to 5 h; the original due time (4 h) passes during the hold.
    const onHold = history(p1(), hold(3 * HOUR));
    expect(resolution(onHold, 4 * HOUR + 30 * MINUTE)).toMatchObject({
      status: 'ON_TRACK',
      remainingMs: HOUR,
      paused: true,
    });
    expect(slaBreaches(onHold, t(4 * HOUR + 30 * MINUTE))).not.toContain('RESOLUTION');

    const resumed = resumeSla(onHold, t(5 * HOUR));
    expect(resolution(resumed, 5 * HOUR)).toMatchObject({
      dueAt: t(6 * HOUR),
      atRiskAt: t(5 * HOUR + 12 * MINUTE),
    });
    expect(resolution(resumed, 5 * HOUR + 12 * MINUTE).status).toBe('AT_RISK');
    expect(resolution(resumed, 6 * HOUR)).toMatchObject({ status: 'BREACHED', remainingMs: 0 });
  });

  it('adds up several holds, and moves the at-risk and due instants only by the holds before each', () => {
    // P1, 4 h, at risk with 48 min left (3:12 of clock time).
    const state = history(
      p1(),
      hold(30 * MINUTE, HOUR), // 30 min
      hold(2 * HOUR, 2 * HOUR + 15 * MINUTE), // 15 min
      hold(4 * HOUR, 4 * HOUR + 20 * MINUTE), // 20 min, after the at-risk instant (3:57)
    );
    const at = resolution(state, 5 * HOUR);
    expect(at.atRiskAt).toEqual(t(3 * HOUR + 12 * MINUTE + 45 * MINUTE));
    expect(at.dueAt).toEqual(t(4 * HOUR + 65 * MINUTE));
    expect(at).toMatchObject({
      status: 'AT_RISK',
      elapsedMs: 5 * HOUR - 65 * MINUTE,
      remainingMs: 5 * MINUTE,
    });
    expect(resolution(state, 5 * HOUR + 5 * MINUTE).status).toBe('BREACHED');
  });

  it('neither lifts a breach nor moves the due time with a hold that starts after it', () => {
    const state = history(p1(), hold(5 * HOUR, 9 * HOUR));
    expect(resolution(state, 6 * HOUR)).toMatchObject({ status: 'BREACHED', dueAt: t(4 * HOUR) });
    expect(resolution(state, 10 * HOUR)).toMatchObject({ status: 'BREACHED', remainingMs: -2 * HOUR });
  });

  it('is breached at the start of a hold that begins exactly at the due time', () => {
    const state = history(p1(), hold(4 * HOUR));
    expect(resolution(state, 5 * HOUR)).toMatchObject({
      status: 'BREACHED',
      remainingMs: 0,
      dueAt: t(4 * HOUR),
      paused: true,
    });
  });

  it('meets the target when resolved during a hold that began in time, however late the resolution', () => {
    const state = history(p1(), hold(3 * HOUR), (s) => resolveSla(s, t(30 * HOUR)));
    expect(state.holds).toEqual([{ start: t(3 * HOUR), end: t(30 * HOUR) }]);
    expect(resolution(state, 40 * HOUR)).toMatchObject({
      status: 'MET',
      elapsedMs: 3 * HOUR,
      remainingMs: HOUR,
      paused: false,
      completedAt: t(30 * HOUR),
    });
  });

  it('stays breached when resolved during a hold that began after the due time', () => {
    const state = history(p1(), hold(5 * HOUR), (s) => resolveSla(s, t(6 * HOUR)));
    expect(resolution(state, 7 * HOUR)).toMatchObject({ status: 'BREACHED', remainingMs: -HOUR });
  });

  it('refuses holds that break the clock', () => {
    expect(() => pauseSla(pauseSla(p1(), t(HOUR)), t(2 * HOUR))).toThrow('already on hold');
    expect(() => resumeSla(p1(), t(HOUR))).toThrow('not on hold');
    expect(() => resumeSla(pauseSla(p1(), t(HOUR)), t(HOUR - 1))).toThrow(SlaStateError);
    expect(() => pauseSla(history(p1(), hold(HOUR, 2 * HOUR)), t(HOUR + 1))).toThrow(SlaStateError);
    expect(() => pauseSla(resolveSla(p1(), t(HOUR)), t(2 * HOUR))).toThrow('resolved');
    expect(() => resolveSla(resolveSla(p1(), t(HOUR)), t(2 * HOUR))).toThrow('already resolved');
    expect(() => pauseSla(p1(), new Date(Number.NaN))).toThrow('invalid time');
  });
});

describe('priority change', () => {
  it('applies the new targets from the original report time, keeping the time used', () => {
    // P3 logged; raised to P1 two hours in: the first response (15 min) is overdue at once.
    const raised = changeSlaPriority(p3(), 'P1');
    const at = evaluateSla(raised, t(2 * HOUR));
    expect(at.firstResponse).toMatchObject({
      status: 'BREACHED',
      dueAt: t(15 * MINUTE),
      remainingMs: -105 * MINUTE,
    });
    expect(at.resolution).toMatchObject({ status: 'ON_TRACK', dueAt: t(4 * HOUR), remainingMs: 2 * HOUR });
    expect(slaBreaches(raised, t(2 * HOUR))).toEqual(['FIRST_RESPONSE']);
  });

  it('keeps time on hold out of the time used', () => {
    const state = history(p3(), (s) => acknowledgeSla(s, t(10 * MINUTE)), hold(HOUR, 3 * HOUR));
    const raised = changeSlaPriority(state, 'P1');
    expect(evaluateSla(raised, t(4 * HOUR)).resolution).toMatchObject({
      elapsedMs: 2 * HOUR,
      remainingMs: 2 * HOUR,
      dueAt: t(6 * HOUR),
    });
  });

  it('lifts a breach when lowered', () => {
    const state = history(p1(), (s) => acknowledgeSla(s, t(5 * MINUTE)));
    expect(evaluateSla(state, t(5 * HOUR)).resolution.status).toBe('BREACHED');
    const lowered = changeSlaPriority(state, 'P3');
    expect(evaluateSla(lowered, t(5 * HOUR)).resolution).toMatchObject({
      status: 'ON_TRACK',
      dueAt: t(24 * HOUR),
      remainingMs: 19 * HOUR,
    });
  });

  it('leaves a stopped clock judged by the target it had', () => {
    // Acknowledged at 50 min as P3 (1 h): met. Raised to P1 (15 min) later: still met.
    const acknowledged = acknowledgeSla(p3(), t(50 * MINUTE));
    const raised = changeSlaPriority(acknowledged, 'P1');
    expect(raised.firstResponseTargetMs).toBe(HOUR);
    expect(raised.resolutionTargetMs).toBe(4 * HOUR);
    expect(evaluateSla(raised, t(2 * HOUR)).firstResponse.status).toBe('MET');

    const resolved = resolveSla(acknowledged, t(10 * HOUR));
    expect(changeSlaPriority(resolved, 'P1').resolutionTargetMs).toBe(24 * HOUR);
  });
});

describe('reopening', () => {
  it('runs the resolution clock again, the time spent resolved not counted', () => {
    const state = history(
      p1(),
      (s) => acknowledgeSla(s, t(5 * MINUTE)),
      (s) => resolveSla(s, t(2 * HOUR)),
      (s) => reopenSla(s, t(10 * HOUR)),
    );
    expect(state.resolvedAt).toBeNull();
    expect(evaluateSla(state, t(10 * HOUR)).resolution).toMatchObject({
      status: 'ON_TRACK',
      elapsedMs: 2 * HOUR,
      dueAt: t(12 * HOUR),
    });
    expect(evaluateSla(state, t(10 * HOUR)).firstResponse.status).toBe('MET');
  });

  it('refuses to reopen an incident that is not resolved', () => {
    expect(() => reopenSla(p1(), t(HOUR))).toThrow(SlaStateError);
  });
});

describe('overall status', () => {
  it('is the worse clock, with the least time left among running ones', () => {
    const state = acknowledgeSla(p1(), t(20 * MINUTE)); // first response breached
    expect(evaluateSla(state, t(HOUR))).toMatchObject({ status: 'BREACHED', remainingMs: 3 * HOUR });
    expect(evaluateSla(p1(), t(13 * MINUTE))).toMatchObject({ status: 'AT_RISK', remainingMs: 2 * MINUTE });
  });

  it('is MET with no time left to count once both clocks stopped in time', () => {
    const state = resolveSla(acknowledgeSla(p1(), t(MINUTE)), t(HOUR));
    expect(evaluateSla(state, t(5 * HOUR))).toMatchObject({ status: 'MET', remainingMs: null });
  });

  it('reports the breached targets at a given time', () => {
    expect(slaBreaches(p1(), t(14 * MINUTE))).toEqual([]);
    expect(slaBreaches(p1(), t(15 * MINUTE))).toEqual(['FIRST_RESPONSE']);
    expect(slaBreaches(p1(), t(4 * HOUR))).toEqual(['FIRST_RESPONSE', 'RESOLUTION']);
    expect(slaBreaches(resolveSla(p1(), t(5 * HOUR)), t(6 * HOUR))).toEqual(['FIRST_RESPONSE', 'RESOLUTION']);
  });
});

describe('next changes (what timers are set for)', () => {
  it('announces at risk, then breached, then nothing, for a clock left alone', () => {
    expect(nextSlaChanges(p1(), reportedAt)).toEqual({
      firstResponse: { status: 'AT_RISK', at: t(12 * MINUTE) },
      resolution: { status: 'AT_RISK', at: t(3 * HOUR + 12 * MINUTE) },
    });
    expect(nextSlaChanges(p1(), t(12 * MINUTE)).firstResponse).toEqual({
      status: 'BREACHED',
      at: t(15 * MINUTE),
    });
    expect(nextSlaChanges(p1(), t(15 * MINUTE)).firstResponse).toBeNull();
  });

  it('announces nothing for a stopped clock or one on hold', () => {
    const state = history(p1(), (s) => acknowledgeSla(s, t(MINUTE)), hold(HOUR));
    expect(nextSlaChanges(state, t(2 * HOUR))).toEqual({ firstResponse: null, resolution: null });
    expect(nextSlaChanges(resumeSla(state, t(2 * HOUR)), t(2 * HOUR)).resolution).toEqual({
      status: 'AT_RISK',
      at: t(4 * HOUR + 12 * MINUTE),
    });
  });

  it('announces instants at which the clock indeed shows the announced status', () => {
    const states = [
      p1(),
      p3(),
      history(p1(), hold(30 * MINUTE, 2 * HOUR)),
      history(p3(), hold(HOUR, 2 * HOUR), hold(5 * HOUR, 5 * HOUR + 1)),
      changeSlaPriority(p3(), 'P2'),
    ];
    for (const state of states) {
      let now = t(2 * HOUR + 1); // after every hold above
      for (let step = 0; step < 4; step += 1) {
        const { resolution } = nextSlaChanges(state, now);
        if (!resolution) break;
        expect(evaluateSla(state, resolution.at).resolution.status).toBe(resolution.status);
        expect(evaluateSla(state, new Date(resolution.at.getTime() - 1)).resolution.status).not.toBe(
          resolution.status,
        );
        now = resolution.at;
      }
      expect(nextSlaChanges(state, now).resolution).toBeNull();
    }
  });
});
