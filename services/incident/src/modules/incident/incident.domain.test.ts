import { type IncidentState, acknowledge, allowedTransitions, logIncident, resolve } from './incident.domain';
import { canView, incidentScope } from './incident.access';
import { defaultPriorityMatrix, priorityOf } from './priority';

const fresh: IncidentState = {
  status: 'NEW',
  version: 1,
  acknowledgedAt: null,
  resolvedAt: null,
  resolutionNotes: null,
};
const at = new Date('2026-01-01T10:00:00Z');

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

  it('logs a new incident with the matrix priority, status NEW, version 1', () => {
    const incident = logIncident({
      title: 't',
      description: 'd',
      kind: 'INCIDENT',
      channel: 'PHONE',
      impact: 'EXTENSIVE',
      urgency: 'CRITICAL',
    });
    expect(incident).toMatchObject({ priority: 'P1', status: 'NEW', version: 1 });
  });
});

describe('lifecycle', () => {
  it('acknowledges a new incident and bumps the version', () => {
    expect(acknowledge(fresh, 1, at)).toMatchObject({
      status: 'ACKNOWLEDGED',
      acknowledgedAt: at,
      version: 2,
    });
  });

  it('refuses a stale expected version with CONFLICT', () => {
    expect(() => acknowledge(fresh, 0, at)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('refuses an invalid transition with INVALID_TRANSITION', () => {
    const resolved = resolve(fresh, 1, at, 'fixed');
    expect(() => acknowledge(resolved, 2, at)).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
  });

  it('resolving an unacknowledged incident also stamps acknowledgement', () => {
    expect(resolve(fresh, 1, at, 'fixed')).toMatchObject({
      status: 'RESOLVED',
      acknowledgedAt: at,
      resolvedAt: at,
    });
  });

  it('has terminal states with no way out', () => {
    expect(allowedTransitions.CLOSED).toEqual([]);
    expect(allowedTransitions.CANCELLED).toEqual([]);
  });
});

describe('visibility', () => {
  const caller = (roles: string[], subject = 'u1') =>
    ({ subject, name: subject, email: null, roles, expiresAt: 0 }) as Parameters<typeof incidentScope>[0];

  it('lets staff see every incident, an end user only their own, a bare consultant none', () => {
    const incident = { reporterId: 'u1' };
    expect(canView(incidentScope(caller(['service_desk_technician'], 'x')), incident)).toBe(true);
    expect(canView(incidentScope(caller(['end_user'], 'u1')), incident)).toBe(true);
    expect(canView(incidentScope(caller(['end_user'], 'u2')), incident)).toBe(false);
    expect(canView(incidentScope(caller(['external_consultant'], 'u1')), incident)).toBe(false);
  });
});
