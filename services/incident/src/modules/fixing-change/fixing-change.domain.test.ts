import type { ChangeStatus } from '@mim/contracts';
import {
  type ChangeObservation,
  type FixingChangeRow,
  applyObservation,
  isImplementedFix,
  observationOfRequest,
  observationOfStatusChange,
} from './fixing-change.domain';

const changeId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const a = '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10';
const b = '7e6d5c4b-3a29-4817-9605-f4e3d2c1b0a9';
const known = [a, b];
const minute = (n: number) => new Date(Date.UTC(2019, 6, 2, 14, n));

const observe = (
  status: ChangeStatus,
  at: number,
  version: number,
  fixes: string[] = [a],
  provesImplemented = status === 'IMPLEMENTED',
): ChangeObservation => ({
  changeId,
  number: 'CHG-000031',
  status,
  at: minute(at),
  version,
  fixesIncidentIds: fixes,
  provesImplemented,
});

/** Applies observations one after the other, as the consumers do, and returns the rows of the change. */
function replay(observations: ChangeObservation[]): FixingChangeRow[] {
  let rows: FixingChangeRow[] = [];
  for (const observation of observations) {
    const written = applyObservation(rows, observation, known);
    const byIncident = new Map(rows.map((row) => [row.incidentId, row]));
    for (const row of written) byIncident.set(row.incidentId, row);
    rows = [...byIncident.values()].sort((x, y) => x.incidentId.localeCompare(y.incidentId));
  }
  return rows;
}

describe('the read model of fixing changes', () => {
  it('reads a request as a DRAFT at the instant it was raised, and a status change as its target', () => {
    expect(
      observationOfRequest(
        { changeId: changeId.toUpperCase(), number: 'CHG-000031', fixesIncidentIds: [a] },
        '2019-07-02T14:01:00.000Z',
        1,
      ),
    ).toEqual(observe('DRAFT', 1, 1));
    const data = {
      changeId,
      number: 'CHG-000031',
      fixesIncidentIds: [a],
      changedAt: '2019-07-02T14:07:00.000Z',
    };
    expect(observationOfStatusChange({ ...data, from: 'IMPLEMENTING', to: 'IMPLEMENTED' }, 7)).toEqual(
      observe('IMPLEMENTED', 7, 7),
    );
    // Out of IMPLEMENTED into the review proves it too; out of a rollback does not.
    expect(
      observationOfStatusChange({ ...data, from: 'IMPLEMENTED', to: 'REVIEWED' }, 8).provesImplemented,
    ).toBe(true);
    expect(
      observationOfStatusChange({ ...data, from: 'ROLLED_BACK', to: 'REVIEWED' }, 8).provesImplemented,
    ).toBe(false);
  });

  it('adds a row per known incident the change fixes, skipping incidents this service does not have', () => {
    const unknown = '11111111-2222-4333-8444-555555555555';
    expect(applyObservation([], observe('DRAFT', 1, 1, [b, unknown, a.toUpperCase()]), known)).toEqual([
      {
        incidentId: a,
        changeId,
        number: 'CHG-000031',
        status: 'DRAFT',
        statusChangedAt: minute(1),
        changeVersion: 1,
        linked: true,
        implemented: false,
      },
      expect.objectContaining({ incidentId: b, linked: true }),
    ]);
  });

  it('ends with the latest status whatever the order the events arrive in', () => {
    const approved = observe('APPROVED', 5, 4);
    const implemented = observe('IMPLEMENTED', 7, 6);
    for (const order of [
      [approved, implemented],
      [implemented, approved],
    ]) {
      expect(replay(order)).toEqual([
        expect.objectContaining({ status: 'IMPLEMENTED', statusChangedAt: minute(7), implemented: true }),
      ]);
    }
  });

  it('writes nothing for an older event (or the same one again) that proves nothing new', () => {
    const rows = replay([observe('SCHEDULED', 6, 5)]);
    expect(applyObservation(rows, observe('APPROVED', 5, 4), known)).toEqual([]);
    expect(applyObservation(rows, observe('SCHEDULED', 6, 5), known)).toEqual([]);
  });

  it('orders events of the same instant by the version of the change', () => {
    expect(replay([observe('IMPLEMENTING', 7, 6), observe('SCHEDULED', 7, 5)])).toEqual([
      expect.objectContaining({ status: 'IMPLEMENTING', changeVersion: 6 }),
    ]);
  });

  it('follows links added later and removed, and a late event does not bring a removed link back', () => {
    const rows = replay([
      observe('DRAFT', 1, 1, [a]),
      observe('SUBMITTED', 2, 2, [a, b]),
      observe('APPROVED', 3, 3, [b]),
    ]);
    expect(rows.map((row) => [row.incidentId, row.linked, row.status])).toEqual([
      [a, false, 'APPROVED'],
      [b, true, 'APPROVED'],
    ]);
    expect(applyObservation(rows, observe('SUBMITTED', 2, 2, [a, b]), known)).toEqual([]);
  });

  it('knows for good that a change was implemented, on every row, even from an older event', () => {
    const reviewed = replay([observe('REVIEWED', 9, 8, [a, b], false)]);
    expect(reviewed.every((row) => !row.implemented)).toBe(true);
    const late = applyObservation(reviewed, observe('IMPLEMENTED', 7, 6, [a]), known);
    expect(late).toEqual([
      expect.objectContaining({ incidentId: a, status: 'REVIEWED', linked: true, implemented: true }),
      expect.objectContaining({ incidentId: b, status: 'REVIEWED', linked: true, implemented: true }),
    ]);
  });

  it('counts an implemented fix only while linked, implemented, and implemented, reviewed or closed', () => {
    const fix = { linked: true, implemented: true, status: 'IMPLEMENTED' as ChangeStatus };
    expect(isImplementedFix(fix)).toBe(true);
    expect(isImplementedFix({ ...fix, status: 'REVIEWED' })).toBe(true);
    expect(isImplementedFix({ ...fix, status: 'CLOSED' })).toBe(true);
    expect(isImplementedFix({ ...fix, linked: false })).toBe(false);
    // Rejected then closed, or failed, rolled back and reviewed: never implemented.
    expect(isImplementedFix({ ...fix, implemented: false, status: 'CLOSED' })).toBe(false);
    expect(isImplementedFix({ ...fix, implemented: false, status: 'REVIEWED' })).toBe(false);
    expect(isImplementedFix({ ...fix, implemented: false, status: 'APPROVED' })).toBe(false);
  });
});
