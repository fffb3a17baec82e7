import { acknowledgeSla, pauseSla, startSla } from './sla.domain';
import type { SlaRecord } from './sla.record';
import { formatMs } from './sla-announcements';
import { slaView } from './sla.view';

const reportedAt = new Date('2026-01-05T09:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const t = (ms: number) => new Date(reportedAt.getTime() + ms);
const config = { atRiskRatio: 0.2 };

const record = (state = startSla({ reportedAt, priority: 'P1' })): SlaRecord => ({
  state,
  stoppedAt: null,
  announced: { FIRST_RESPONSE: null, RESOLUTION: null },
});

describe('Incident.sla', () => {
  it('gives the time left at the instant of reading, in whole seconds rounded up', () => {
    expect(slaView(record(), t(500), config)).toEqual({
      status: 'ON_TRACK',
      firstResponse: {
        status: 'ON_TRACK',
        targetSeconds: 900,
        dueAt: t(15 * MINUTE),
        remainingSeconds: 900,
        completedAt: null,
      },
      resolution: {
        status: 'ON_TRACK',
        targetSeconds: 4 * 3600,
        dueAt: t(4 * HOUR),
        remainingSeconds: 4 * 3600,
        paused: false,
        completedAt: null,
      },
    });
    expect(slaView(record(), t(15 * MINUTE), config).firstResponse).toMatchObject({
      status: 'BREACHED',
      remainingSeconds: 0,
    });
    expect(slaView(record(), t(16 * MINUTE), config)).toMatchObject({
      status: 'BREACHED',
      firstResponse: { remainingSeconds: -60 },
    });
  });

  it('is PAUSED on hold, the resolution due time unknown until it resumes', () => {
    const held = record(
      pauseSla(acknowledgeSla(startSla({ reportedAt, priority: 'P1' }), t(MINUTE)), t(HOUR)),
    );
    expect(slaView(held, t(2 * HOUR), config)).toMatchObject({
      status: 'PAUSED',
      firstResponse: { status: 'MET', completedAt: t(MINUTE) },
      resolution: { status: 'ON_TRACK', dueAt: null, paused: true, remainingSeconds: 3 * 3600 },
    });
  });

  it('stands still from the cancellation', () => {
    const cancelled = { ...record(), stoppedAt: t(MINUTE) };
    expect(slaView(cancelled, t(5 * HOUR), config)).toMatchObject({
      status: 'ON_TRACK',
      firstResponse: { remainingSeconds: 14 * 60 },
    });
  });
});

describe('durations in SLA timeline entries', () => {
  it.each([
    [2_000, '2 s'],
    [15 * MINUTE, '15 min'],
    [4 * HOUR, '4 h'],
    [90 * MINUTE, '1 h 30 min'],
  ])('%d ms reads %s', (ms, text) => expect(formatMs(ms)).toBe(text));
});
