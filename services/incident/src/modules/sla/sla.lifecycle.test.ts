import type { IncidentStatus, Priority } from '@mim/contracts';
import { evaluateSla } from './sla.domain';
import { type SlaIncidentFacts, slaAfterChange, startSlaRecord } from './sla.lifecycle';
import { defaultSlaPolicies } from './sla.policy';
import type { SlaRecord } from './sla.record';

const reportedAt = new Date('2026-01-05T09:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const t = (ms: number) => new Date(reportedAt.getTime() + ms);

const logged: SlaIncidentFacts = { status: 'NEW', priority: 'P3', reportedAt, acknowledgedAt: null };

type Step = readonly [at: number, change: Partial<SlaIncidentFacts>];

/** Replays incident changes as the listener sees them: each from the incident before to after. */
function replay(
  steps: readonly Step[],
  start: SlaIncidentFacts = logged,
): { record: SlaRecord; facts: SlaIncidentFacts } {
  let facts = start;
  let record = startSlaRecord(start, defaultSlaPolicies);
  for (const [at, change] of steps) {
    const next = { ...facts, ...change };
    record = slaAfterChange(record, facts, next, t(at), defaultSlaPolicies);
    facts = next;
  }
  return { record, facts };
}

const ack = (at: number): Step => [at, { status: 'ACKNOWLEDGED', acknowledgedAt: t(at) }];
const to = (at: number, status: IncidentStatus): Step => [at, { status }];
const priority = (at: number, value: Priority): Step => [at, { priority: value }];

describe('SLA clocks following the incident lifecycle', () => {
  it('start from the report with the targets of the priority, nothing announced', () => {
    const record = startSlaRecord({ ...logged, priority: 'P1' }, defaultSlaPolicies);
    expect(record).toEqual({
      state: {
        reportedAt,
        firstResponseTargetMs: 15 * MINUTE,
        resolutionTargetMs: 4 * HOUR,
        acknowledgedAt: null,
        resolvedAt: null,
        holds: [],
      },
      stoppedAt: null,
      announced: { FIRST_RESPONSE: null, RESOLUTION: null },
    });
  });

  it('take the first acknowledgement, whichever transition set it (acknowledge, start, resolve)', () => {
    expect(replay([ack(10 * MINUTE)]).record.state.acknowledgedAt).toEqual(t(10 * MINUTE));
    const started = replay([[5 * MINUTE, { status: 'IN_PROGRESS', acknowledgedAt: t(5 * MINUTE) }]]);
    expect(started.record.state.acknowledgedAt).toEqual(t(5 * MINUTE));
    const resolved = replay([[7 * MINUTE, { status: 'RESOLVED', acknowledgedAt: t(7 * MINUTE) }]]);
    expect(resolved.record.state).toMatchObject({ acknowledgedAt: t(7 * MINUTE), resolvedAt: t(7 * MINUTE) });
  });

  it('pause the resolution clock on hold and resume it, shifting the due time by the hold', () => {
    const { record } = replay([ack(MINUTE), to(HOUR, 'IN_PROGRESS'), to(2 * HOUR, 'ON_HOLD')]);
    expect(record.state.holds).toEqual([{ start: t(2 * HOUR), end: null }]);
    expect(evaluateSla(record.state, t(3 * HOUR)).resolution).toMatchObject({ paused: true, dueAt: null });

    const resumed = replay([
      ack(MINUTE),
      to(HOUR, 'IN_PROGRESS'),
      to(2 * HOUR, 'ON_HOLD'),
      to(5 * HOUR, 'IN_PROGRESS'),
    ]).record;
    expect(evaluateSla(resumed.state, t(5 * HOUR)).resolution.dueAt).toEqual(t(24 * HOUR + 3 * HOUR));
  });

  it('stop the resolution clock on resolve (ending a hold), keep it stopped on close, run it on reopen', () => {
    const steps = [ack(MINUTE), to(HOUR, 'ON_HOLD'), to(2 * HOUR, 'RESOLVED')];
    const resolved = replay(steps).record;
    expect(resolved.state).toMatchObject({
      resolvedAt: t(2 * HOUR),
      holds: [{ start: t(HOUR), end: t(2 * HOUR) }],
    });
    const closed = replay([...steps, to(3 * HOUR, 'CLOSED')]).record;
    expect(closed.state).toEqual(resolved.state);
    const reopened = replay([...steps, to(3 * HOUR, 'IN_PROGRESS')]).record;
    expect(reopened.state).toMatchObject({ resolvedAt: null });
    expect(reopened.state.holds.at(-1)).toEqual({ start: t(2 * HOUR), end: t(3 * HOUR) });
  });

  it('bring the new targets on a priority change', () => {
    const { record } = replay([priority(10 * MINUTE, 'P1')]);
    expect(record.state).toMatchObject({ firstResponseTargetMs: 15 * MINUTE, resolutionTargetMs: 4 * HOUR });
  });

  it('stop both clocks without a verdict on cancel, ending a hold; later changes move nothing', () => {
    const { record, facts } = replay([ack(MINUTE), to(HOUR, 'ON_HOLD'), to(2 * HOUR, 'CANCELLED')]);
    expect(record.stoppedAt).toEqual(t(2 * HOUR));
    expect(record.state.holds).toEqual([{ start: t(HOUR), end: t(2 * HOUR) }]);
    expect(slaAfterChange(record, facts, { ...facts, priority: 'P1' }, t(3 * HOUR), defaultSlaPolicies)).toBe(
      record,
    );
  });

  it('return the same record for changes that do not concern the SLA', () => {
    const { record, facts } = replay([ack(MINUTE)]);
    expect(slaAfterChange(record, facts, { ...facts }, t(HOUR), defaultSlaPolicies)).toBe(record);
  });

  it('never move a clock back when a replica clock lags or the report was dated ahead', () => {
    // The report is a few seconds "in the future" for this host, and so is the hold start for the next.
    const ahead = { ...logged, reportedAt: t(5_000) };
    const { record } = replay(
      [
        [1_000, { status: 'ACKNOWLEDGED', acknowledgedAt: t(1_000) }],
        [20_000, { status: 'ON_HOLD' }],
        [19_000, { status: 'IN_PROGRESS' }],
      ],
      ahead,
    );
    expect(record.state.acknowledgedAt).toEqual(t(5_000));
    expect(record.state.holds).toEqual([{ start: t(20_000), end: t(20_000) }]);
  });
});
