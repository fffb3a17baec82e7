import { evaluateSla, pauseSla, resolveSla, startSla, acknowledgeSla } from './sla.domain';
import {
  type SlaRecord,
  parseSlaRecord,
  serializeSlaRecord,
  slaAnnouncements,
  slaColumns,
} from './sla.record';

const reportedAt = new Date('2026-01-05T09:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const t = (ms: number) => new Date(reportedAt.getTime() + ms);

const fresh = (): SlaRecord => ({
  state: startSla({ reportedAt, priority: 'P1' }), // 15 min / 4 h, at risk from 12 min / 3 h 12 min
  stoppedAt: null,
  announced: { FIRST_RESPONSE: null, RESOLUTION: null },
});

describe('the stored SLA record', () => {
  it('round-trips through JSON, holds and announcements included', () => {
    const record: SlaRecord = {
      state: pauseSla(acknowledgeSla(fresh().state, t(MINUTE)), t(HOUR)),
      stoppedAt: null,
      announced: { FIRST_RESPONSE: null, RESOLUTION: 'AT_RISK' },
    };
    const json: unknown = JSON.parse(JSON.stringify(serializeSlaRecord(record)));
    expect(parseSlaRecord(json)).toEqual(record);
  });

  it('refuses a malformed document instead of guessing', () => {
    expect(() => parseSlaRecord({ reportedAt: 'yesterday' })).toThrow();
  });
});

describe('the SLA columns used by the slaStatus filter', () => {
  it('carry the due and at-risk instants of running clocks only', () => {
    const record = fresh();
    expect(slaColumns(record, evaluateSla(record.state, t(0)))).toEqual({
      status: 'ON_TRACK',
      firstResponseDueAt: t(15 * MINUTE),
      resolutionDueAt: t(4 * HOUR),
      atRiskAt: t(12 * MINUTE),
    });
    const acknowledged = { ...record, state: acknowledgeSla(record.state, t(MINUTE)) };
    expect(slaColumns(acknowledged, evaluateSla(acknowledged.state, t(MINUTE)))).toEqual({
      status: 'ON_TRACK',
      firstResponseDueAt: null,
      resolutionDueAt: t(4 * HOUR),
      atRiskAt: t(3 * HOUR + 12 * MINUTE),
    });
  });

  it('say PAUSED with nothing due while on hold, BREACHED over PAUSED, MET when both were met', () => {
    const held = { ...fresh(), state: pauseSla(acknowledgeSla(fresh().state, t(MINUTE)), t(HOUR)) };
    expect(slaColumns(held, evaluateSla(held.state, t(2 * HOUR)))).toEqual({
      status: 'PAUSED',
      firstResponseDueAt: null,
      resolutionDueAt: null,
      atRiskAt: null,
    });
    const lateHeld = { ...fresh(), state: pauseSla(acknowledgeSla(fresh().state, t(20 * MINUTE)), t(HOUR)) };
    expect(slaColumns(lateHeld, evaluateSla(lateHeld.state, t(2 * HOUR))).status).toBe('BREACHED');
    const met = { ...fresh(), state: resolveSla(fresh().state, t(10 * MINUTE)) };
    expect(slaColumns(met, evaluateSla(met.state, t(HOUR)))).toMatchObject({
      status: 'MET',
      firstResponseDueAt: null,
      resolutionDueAt: null,
    });
  });

  it('freeze a cancelled incident: no due time, whatever the status was', () => {
    const cancelled = { ...fresh(), stoppedAt: t(MINUTE) };
    expect(slaColumns(cancelled, evaluateSla(cancelled.state, t(MINUTE)))).toEqual({
      status: 'ON_TRACK',
      firstResponseDueAt: null,
      resolutionDueAt: null,
      atRiskAt: null,
    });
  });
});

describe('SLA announcements', () => {
  const at = (record: SlaRecord, ms: number) => slaAnnouncements(record, evaluateSla(record.state, t(ms)));

  it('announce AT_RISK, then BREACHED, each once per clock', () => {
    let record = fresh();
    const atRisk = at(record, 12 * MINUTE);
    expect(atRisk.announcements.map((a) => [a.metric, a.status])).toEqual([['FIRST_RESPONSE', 'AT_RISK']]);
    record = { ...record, announced: atRisk.announced };
    expect(at(record, 13 * MINUTE).announcements).toEqual([]);
    const breached = at(record, 15 * MINUTE);
    expect(breached.announcements.map((a) => [a.metric, a.status])).toEqual([['FIRST_RESPONSE', 'BREACHED']]);
    record = { ...record, announced: breached.announced };
    expect(at(record, 16 * MINUTE).announcements).toEqual([]);
  });

  it('go straight to BREACHED when the at-risk instant was missed, for both clocks at once', () => {
    const { announcements, announced } = at(fresh(), 5 * HOUR);
    expect(announcements.map((a) => [a.metric, a.status])).toEqual([
      ['FIRST_RESPONSE', 'BREACHED'],
      ['RESOLUTION', 'BREACHED'],
    ]);
    expect(announced).toEqual({ FIRST_RESPONSE: 'BREACHED', RESOLUTION: 'BREACHED' });
  });

  it('announce a late acknowledgement as a breach if no timer did, but not an at-risk clock on hold', () => {
    const late = { ...fresh(), state: acknowledgeSla(fresh().state, t(20 * MINUTE)) };
    expect(at(late, 20 * MINUTE).announcements.map((a) => a.status)).toEqual(['BREACHED']);
    const held = {
      ...fresh(),
      state: pauseSla(acknowledgeSla(fresh().state, t(MINUTE)), t(3 * HOUR + 30 * MINUTE)),
      announced: { FIRST_RESPONSE: null, RESOLUTION: null },
    };
    expect(at(held, 4 * HOUR).announcements).toEqual([]);
  });

  it('announce nothing for a cancelled incident', () => {
    expect(at({ ...fresh(), stoppedAt: t(MINUTE) }, 5 * HOUR).announcements).toEqual([]);
  });
});
