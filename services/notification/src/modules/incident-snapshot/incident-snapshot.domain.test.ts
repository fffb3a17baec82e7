import {
  type SnapshotChange,
  applySnapshotChange,
  emptySnapshot,
  isAcknowledged,
  isOpen,
} from './incident-snapshot.domain';
import { participantsInRole, tierAbove } from '../stakeholder/stakeholder.domain';

const id = '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10';
const created: SnapshotChange = {
  kind: 'created',
  version: 1,
  number: 'INC-000123',
  title: 'HTTP 502 on every edge node',
  incidentKind: 'INCIDENT',
  channel: 'MONITORING',
  priority: 'P2',
  status: 'NEW',
  affectedServices: ['edge-proxy'],
  category: 'network',
  reporter: { id: 'user-42', name: 'Ada Lovelace', email: 'ada@example.com' },
  supportTier: 'L1',
  reportedAt: new Date('2019-07-02T13:45:00Z'),
};

const applyAll = (changes: SnapshotChange[]) => changes.reduce(applySnapshotChange, emptySnapshot(id));

describe('incident snapshot', () => {
  it('knows the incident once incident.created arrives, whatever came before it', () => {
    const early = applyAll([
      { kind: 'status', version: 3, number: 'INC-000123', status: 'IN_PROGRESS', priority: 'P1' },
    ]);
    expect(early.createdSeen).toBe(false);
    const snapshot = applySnapshotChange(early, created);
    expect(snapshot).toMatchObject({
      createdSeen: true,
      title: 'HTTP 502 on every edge node',
      affectedServices: ['edge-proxy'],
      reporterEmail: 'ada@example.com',
      // The later status and priority are not overwritten by the older creation.
      status: 'IN_PROGRESS',
      priority: 'P1',
    });
  });

  it('ignores an older status, priority or ownership than the one it has, in any arrival order', () => {
    const changes: SnapshotChange[] = [
      created,
      { kind: 'status', version: 2, number: 'INC-000123', status: 'ACKNOWLEDGED', priority: 'P2' },
      { kind: 'priority', version: 4, number: 'INC-000123', priority: 'P1' },
      {
        kind: 'ownership',
        version: 5,
        number: 'INC-000123',
        priority: 'P1',
        supportTier: 'L2',
        assignmentGroup: 'network-operations',
        assignee: { id: 'user-7', name: 'Grace Hopper' },
      },
      {
        kind: 'ownership',
        version: 3,
        number: 'INC-000123',
        priority: 'P2',
        supportTier: 'L1',
        assignmentGroup: 'service-desk',
        assignee: null,
      },
    ];
    const inOrder = applyAll(changes);
    const reversed = applyAll([...changes].reverse());
    for (const snapshot of [inOrder, reversed]) {
      expect(snapshot).toMatchObject({
        status: 'ACKNOWLEDGED',
        priority: 'P1',
        supportTier: 'L2',
        assignmentGroup: 'network-operations',
        assigneeId: 'user-7',
      });
    }
  });

  it('stays major once declared, and keeps the impact statement', () => {
    const snapshot = applyAll([
      {
        kind: 'major',
        version: 2,
        number: 'INC-000123',
        priority: 'P1',
        impactStatement: 'Half the traffic fails',
      },
      created,
    ]);
    expect(snapshot).toMatchObject({
      major: true,
      impactStatement: 'Half the traffic fails',
      priority: 'P1',
    });
  });

  it('learns that an incident is major from a status change that says so, before the declaration arrives', () => {
    const snapshot = applyAll([
      created,
      { kind: 'status', version: 3, number: 'INC-000123', status: 'RESOLVED', priority: 'P1', major: true },
    ]);
    expect(snapshot.major).toBe(true);
    expect(
      applyAll([
        created,
        { kind: 'status', version: 2, number: 'INC-000123', status: 'ACKNOWLEDGED', priority: 'P1' },
      ]).major,
    ).toBe(false);
  });

  it('orders team changes by time, a removal winning a tie, so a late "added" revives nobody', () => {
    const added = {
      kind: 'participant',
      at: 1000,
      userId: 'mim-1',
      name: 'Mia',
      role: 'MAJOR_INCIDENT_MANAGER',
    } as const;
    const removed = { kind: 'participant', at: 2000, userId: 'mim-1', name: null, role: null } as const;
    expect(participantsInRole(applyAll([added, removed]).participants, 'MAJOR_INCIDENT_MANAGER')).toEqual([]);
    expect(participantsInRole(applyAll([removed, added]).participants, 'MAJOR_INCIDENT_MANAGER')).toEqual([]);
    expect(
      participantsInRole(applyAll([{ ...removed, at: 1000 }, added]).participants, 'MAJOR_INCIDENT_MANAGER'),
    ).toEqual([]);
    const readded = applyAll([added, removed, { ...added, at: 3000 }]);
    expect(participantsInRole(readded.participants, 'MAJOR_INCIDENT_MANAGER')).toEqual([
      { userId: 'mim-1', name: 'Mia', email: null },
    ]);
  });

  it('does not change the snapshot it is given', () => {
    const before = emptySnapshot(id);
    applySnapshotChange(before, created);
    expect(before.createdSeen).toBe(false);
    expect(before.participants).toEqual({});
  });

  it('tells acknowledged, open and the next tier', () => {
    expect(isAcknowledged({ status: 'NEW' })).toBe(false);
    expect(isAcknowledged({ status: 'ON_HOLD' })).toBe(true);
    expect(isOpen({ status: 'IN_PROGRESS' })).toBe(true);
    expect(isOpen({ status: 'RESOLVED' })).toBe(false);
    expect(isOpen({ status: 'CANCELLED' })).toBe(false);
    expect([tierAbove('L1'), tierAbove('L2'), tierAbove('L3')]).toEqual(['L2', 'L3', null]);
  });
});
