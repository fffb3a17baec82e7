import { type Caller, type Role, roles } from '@mim/auth';
import { can } from '../incident/incident.permissions';
import {
  type Arrival,
  type CandidateState,
  detect,
  dismissCandidate,
  floodAround,
  isCriticalAlert,
  promoteCandidate,
  serviceNames,
} from './mi-candidate.domain';
import { defaultCandidatePolicy } from './mi-candidate.policy';

const t0 = new Date('2026-03-02T10:00:00.000Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const arrival = (id: string, minutes: number): Arrival => ({ id, reportedAt: at(minutes) });
const policy = defaultCandidatePolicy; // 5 incidents, 15 minutes, similarity 0.4

describe('floodAround: at least N incidents within the window containing the new one', () => {
  it('counts the new incident: 4 peers + it make 5', () => {
    const flood = floodAround(
      arrival('new', 10),
      [0, 2, 4, 6].map((m) => arrival(`p${m}`, m)),
      policy,
    );
    expect(flood?.map((a) => a.id)).toEqual(['p0', 'p2', 'p4', 'p6', 'new']);
  });

  it('raises nothing below the threshold', () => {
    expect(
      floodAround(
        arrival('new', 10),
        [0, 2, 4].map((m) => arrival(`p${m}`, m)),
        policy,
      ),
    ).toBeNull();
  });

  it('includes both ends of the window (exactly 15 minutes apart)', () => {
    const peers = [0, 5, 10, 15].map((m) => arrival(`p${m}`, m));
    expect(floodAround(arrival('new', 15), peers, policy)).toHaveLength(5);
    expect(floodAround(arrival('new', 0), peers, policy)).toHaveLength(5);
  });

  it('does not stretch past the window: 15 min and 1 ms is outside', () => {
    const peers = [arrival('a', 0), arrival('b', 1), arrival('c', 2), arrival('d', 3)];
    const late = { id: 'new', reportedAt: new Date(at(15).getTime() + 1) };
    expect(floodAround(late, peers, policy)).toBeNull();
  });

  it('finds a window after the new incident too (a report backdated into a flood)', () => {
    const peers = [3, 6, 9, 12].map((m) => arrival(`p${m}`, m));
    expect(floodAround(arrival('new', 0), peers, policy)?.map((a) => a.id)).toEqual([
      'new',
      'p3',
      'p6',
      'p9',
      'p12',
    ]);
  });

  it('raises none for 6 incidents spread over 2 hours', () => {
    const peers = [0, 24, 48, 72, 96].map((m) => arrival(`p${m}`, m));
    expect(floodAround(arrival('new', 120), peers, policy)).toBeNull();
  });

  it('keeps only the densest window containing the new one', () => {
    const peers = [-30, -20, 1, 2, 3, 4, 40].map((m) => arrival(`p${m}`, m));
    expect(floodAround(arrival('new', 5), peers, policy)?.map((a) => a.id)).toEqual([
      'p1',
      'p2',
      'p3',
      'p4',
      'new',
    ]);
  });

  it('follows the configured threshold and window', () => {
    const peers = [arrival('a', 0), arrival('b', 25)];
    expect(floodAround(arrival('new', 30), peers, { threshold: 3, windowMinutes: 30 })).toHaveLength(3);
    expect(floodAround(arrival('new', 30), peers, { threshold: 3, windowMinutes: 29 })).toBeNull();
  });
});

describe('detect: what a new incident does', () => {
  const incident = {
    ...arrival('new', 10),
    channel: 'PHONE' as const,
    urgency: 'HIGH' as const,
    affectedServices: [' Mail ', 'mail', 'vpn'],
  };
  const four = [0, 2, 4, 6].map((m) => arrival(`p${m}`, m));
  const none = { openCandidateId: null, serviceFloods: new Map<string, Arrival[]>(), similarPeers: [] };

  it('is absorbed by an open candidate of its cluster, before anything else', () => {
    expect(
      detect(
        { ...incident, channel: 'MONITORING', urgency: 'CRITICAL' },
        { ...none, openCandidateId: 'c-1' },
        policy,
      ),
    ).toEqual({
      kind: 'absorb',
      candidateId: 'c-1',
    });
  });

  it('raises a CRITICAL_ALERT candidate for a critical monitoring alert, keyed by its service', () => {
    expect(detect({ ...incident, channel: 'MONITORING', urgency: 'CRITICAL' }, none, policy)).toEqual({
      kind: 'raise',
      reason: 'CRITICAL_ALERT',
      service: 'Mail',
      clusterKey: 'service:mail',
      incidentIds: ['new'],
    });
    expect(
      detect({ ...incident, channel: 'MONITORING', urgency: 'CRITICAL', affectedServices: [] }, none, policy),
    ).toMatchObject({ reason: 'CRITICAL_ALERT', service: null, clusterKey: 'alert:new' });
  });

  it('raises SAME_SERVICE on the first service with a flood', () => {
    const found = { ...none, serviceFloods: new Map([['vpn', four]]) };
    expect(detect(incident, found, policy)).toMatchObject({
      kind: 'raise',
      reason: 'SAME_SERVICE',
      service: 'vpn',
      clusterKey: 'service:vpn',
      incidentIds: ['p0', 'p2', 'p4', 'p6', 'new'],
    });
  });

  it('raises SIMILAR_TEXT when no service floods but similar texts do', () => {
    expect(detect(incident, { ...none, similarPeers: four }, policy)).toMatchObject({
      reason: 'SIMILAR_TEXT',
      clusterKey: 'text:new',
      incidentIds: ['p0', 'p2', 'p4', 'p6', 'new'],
    });
  });

  it('raises nothing otherwise', () => {
    expect(detect(incident, { ...none, similarPeers: four.slice(0, 3) }, policy)).toEqual({ kind: 'none' });
  });
});

describe('critical alerts and service names', () => {
  it('a critical alert is a MONITORING incident with CRITICAL urgency (alert-severity.ts)', () => {
    expect(isCriticalAlert({ channel: 'MONITORING', urgency: 'CRITICAL' })).toBe(true);
    expect(isCriticalAlert({ channel: 'MONITORING', urgency: 'HIGH' })).toBe(false);
    expect(isCriticalAlert({ channel: 'PHONE', urgency: 'CRITICAL' })).toBe(false);
  });

  it('ignores case, surrounding spaces, duplicates and blanks', () => {
    expect(serviceNames([' Mail', 'MAIL ', '', '  ', 'vpn'])).toEqual([
      { key: 'mail', name: 'Mail' },
      { key: 'vpn', name: 'vpn' },
    ]);
  });
});

describe('promoting and dismissing', () => {
  const open: CandidateState = {
    status: 'OPEN',
    version: 1,
    decidedAt: null,
    decidedById: null,
    decidedByName: null,
    dismissReason: null,
    majorIncidentId: null,
  };
  const by = { id: 'mim-1', name: 'Mia' };

  it('promotes an open candidate to one of its incidents', () => {
    expect(promoteCandidate(open, 'i-2', ['i-1', 'i-2'], by, t0)).toEqual({
      ...open,
      status: 'PROMOTED',
      version: 2,
      decidedAt: t0,
      decidedById: 'mim-1',
      decidedByName: 'Mia',
      majorIncidentId: 'i-2',
    });
  });

  it('refuses an incident the candidate does not list (BAD_USER_INPUT)', () => {
    expect(() => promoteCandidate(open, 'i-9', ['i-1'], by, t0)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });

  it('dismisses with a reason, once (INVALID_TRANSITION after a decision)', () => {
    const dismissed = dismissCandidate(open, 'Planned maintenance', by, t0);
    expect(dismissed).toMatchObject({
      status: 'DISMISSED',
      dismissReason: 'Planned maintenance',
      version: 2,
    });
    expect(() => dismissCandidate(dismissed, 'again', by, t0)).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
    expect(() => promoteCandidate(dismissed, 'i-1', ['i-1'], by, t0)).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
  });
});

describe('candidate permissions (RACI "declare")', () => {
  const caller = (role: Role): Caller => ({
    subject: 'u',
    name: 'U',
    email: null,
    roles: [role],
    expiresAt: 0,
  });
  const allowed = (action: 'viewCandidates' | 'declareMajor' | 'linkToMajor') =>
    roles.filter((role) => can(caller(role), action));

  it('shows candidates to the MI manager (A), the MI team (R), technicians and technical staff (C)', () => {
    expect(allowed('viewCandidates').sort()).toEqual(
      [
        'admin',
        'major_incident_manager',
        'mi_team_member',
        'service_desk_technician',
        'technical_staff',
      ].sort(),
    );
  });

  it('lets only those who declare promote or dismiss', () => {
    expect(allowed('declareMajor').sort()).toEqual(['admin', 'major_incident_manager', 'mi_team_member']);
  });

  it('lets incident workers link related incidents, not end users, consultants or readers', () => {
    expect(allowed('linkToMajor')).not.toContain('end_user');
    expect(allowed('linkToMajor')).not.toContain('external_consultant');
    expect(allowed('linkToMajor')).not.toContain('analyst');
    expect(allowed('linkToMajor')).toContain('service_desk_technician');
  });
});
