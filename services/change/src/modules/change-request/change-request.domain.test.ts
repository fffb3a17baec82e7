import type { Caller, Role } from '@mim/auth';
import { isStaff } from './change-request.access';
import {
  type Actor,
  type ChangeState,
  type ChangeStatus,
  allowedTransitions,
  changeStatus,
  changeStatuses,
  fixedIncidentIds,
  mayEnter,
  raiseChangeRequest,
} from './change-request.domain';
import { changeRequestListArgs, createChangeRequestInput } from './change-request.input';

const actor = (...roles: Role[]): Actor => ({ subject: 'u1', roles });
const changeManager = actor('change_manager');
const tech = actor('technical_staff');
const code = (value: string) => expect.objectContaining({ code: value });
const at = (status: ChangeStatus, version = 1): ChangeState => ({ status, version });

describe('lifecycle', () => {
  it('goes from draft to closed along the happy path', () => {
    const path: Array<[ChangeStatus, Actor]> = [
      ['SUBMITTED', actor('mi_team_member')],
      ['ASSESSED', tech],
      ['APPROVED', changeManager],
      ['SCHEDULED', changeManager],
      ['IMPLEMENTING', tech],
      ['IMPLEMENTED', tech],
      ['REVIEWED', tech],
      ['CLOSED', changeManager],
    ];
    const end = path.reduce((state, [to, who]) => changeStatus(state, who, state.version, to), at('DRAFT'));
    expect(end).toEqual({ status: 'CLOSED', version: 9 });
  });

  it('rolls a failed change back before its review', () => {
    const failed = changeStatus(at('IMPLEMENTING'), tech, 1, 'FAILED');
    expect(() => changeStatus(failed, changeManager, 2, 'REVIEWED')).toThrow(code('INVALID_TRANSITION'));
    const rolledBack = changeStatus(failed, tech, 2, 'ROLLED_BACK');
    expect(changeStatus(rolledBack, tech, 3, 'REVIEWED').status).toBe('REVIEWED');
  });

  it.each<[ChangeStatus, ChangeStatus]>([
    ['DRAFT', 'APPROVED'],
    ['SUBMITTED', 'APPROVED'],
    ['APPROVED', 'IMPLEMENTING'],
    ['REJECTED', 'SCHEDULED'],
    ['IMPLEMENTED', 'CLOSED'],
    ['FAILED', 'IMPLEMENTING'],
    ['CLOSED', 'DRAFT'],
    ['SUBMITTED', 'DRAFT'],
  ])('refuses %s -> %s with INVALID_TRANSITION, even for an admin', (from, to) => {
    expect(() => changeStatus(at(from), actor('admin'), 1, to)).toThrow(code('INVALID_TRANSITION'));
  });

  it('refuses a stale expected version with CONFLICT before anything else', () => {
    expect(() => changeStatus(at('ASSESSED', 3), tech, 2, 'APPROVED')).toThrow(code('CONFLICT'));
  });

  it('has CLOSED as the only terminal state, and nothing leads back to DRAFT', () => {
    const terminal = changeStatuses.filter((status) => allowedTransitions[status].length === 0);
    expect(terminal).toEqual(['CLOSED']);
    expect(Object.values(allowedTransitions).flat()).not.toContain('DRAFT');
  });
});

describe('who may move a change (RACI)', () => {
  it('lets only the change manager (or an admin) approve or reject', () => {
    for (const to of ['APPROVED', 'REJECTED'] as const) {
      expect(mayEnter(['change_manager'], to)).toBe(true);
      expect(mayEnter(['admin'], to)).toBe(true);
      for (const role of [
        'technical_staff',
        'major_incident_manager',
        'mi_team_member',
        'problem_manager',
      ] as const) {
        expect(mayEnter([role], to)).toBe(false);
      }
    }
    expect(() => changeStatus(at('ASSESSED'), tech, 1, 'APPROVED')).toThrow(code('FORBIDDEN'));
  });

  it('lets technical staff and the change manager implement, nobody else', () => {
    for (const to of ['IMPLEMENTING', 'IMPLEMENTED', 'FAILED', 'ROLLED_BACK'] as const) {
      expect(mayEnter(['technical_staff'], to)).toBe(true);
      expect(mayEnter(['change_manager'], to)).toBe(true);
      expect(mayEnter(['major_incident_manager', 'mi_team_member'], to)).toBe(false);
    }
    expect(() => changeStatus(at('SCHEDULED'), actor('major_incident_manager'), 1, 'IMPLEMENTING')).toThrow(
      code('FORBIDDEN'),
    );
  });

  it('lets any requester submit, only the change manager schedule and close', () => {
    expect(mayEnter(['mi_team_member'], 'SUBMITTED')).toBe(true);
    expect(mayEnter(['technical_staff'], 'SCHEDULED')).toBe(false);
    expect(mayEnter(['technical_staff'], 'CLOSED')).toBe(false);
    expect(mayEnter(['change_manager'], 'CLOSED')).toBe(true);
  });

  it('gives no role the right to enter DRAFT', () => {
    expect(mayEnter(['change_manager'], 'DRAFT')).toBe(false);
  });
});

describe('raising a change', () => {
  const start = new Date('2026-01-01T10:00:00Z');
  const base = {
    title: 't',
    description: 'd',
    type: 'EMERGENCY' as const,
    risk: 'HIGH' as const,
    implementationPlan: 'i',
    rollbackPlan: 'r',
    testPlan: null,
    plannedStart: start,
    plannedEnd: new Date(start.getTime() + 60_000),
    affectedServices: [],
    incidentLinks: [
      { incidentId: 'a', relation: 'FIXES' as const },
      { incidentId: 'b', relation: 'CAUSED_BY' as const },
    ],
  };

  it('starts as a DRAFT at version 1 requested by the caller; only FIXES links are fixes', () => {
    const raised = raiseChangeRequest(tech, base);
    expect(raised).toMatchObject({ status: 'DRAFT', version: 1, requestedById: 'u1' });
    expect(fixedIncidentIds(raised.incidentLinks)).toEqual(['a']);
  });

  it('refuses an empty or negative planned window', () => {
    expect(() => raiseChangeRequest(tech, { ...base, plannedEnd: start })).toThrow(code('BAD_USER_INPUT'));
    expect(() => raiseChangeRequest(tech, { ...base, plannedEnd: new Date(start.getTime() - 1) })).toThrow(
      code('BAD_USER_INPUT'),
    );
  });
});

describe('input validation', () => {
  const id = '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10';
  const valid = {
    title: ' Disable WAF rule ',
    description: 'd',
    type: 'EMERGENCY',
    risk: 'HIGH',
    implementationPlan: 'disable globally',
    rollbackPlan: 're-enable',
    plannedStart: new Date('2026-01-01T10:00:00Z'),
    plannedEnd: new Date('2026-01-01T10:30:00Z'),
  };
  const paths = (input: unknown) =>
    createChangeRequestInput.safeParse(input).error?.issues.map((issue) => issue.path.join('.')) ?? [];

  it('accepts a minimal change, trimming text and defaulting lists', () => {
    expect(createChangeRequestInput.parse(valid)).toMatchObject({
      title: 'Disable WAF rule',
      affectedServices: [],
      incidentLinks: [],
    });
  });

  it('points at plannedEnd when the window is empty or reversed', () => {
    expect(paths({ ...valid, plannedEnd: valid.plannedStart })).toEqual(['plannedEnd']);
    expect(paths({ ...valid, plannedEnd: new Date('2026-01-01T09:00:00Z') })).toEqual(['plannedEnd']);
  });

  it('refuses blank plans, unknown enums, bad incident ids and an incident linked twice', () => {
    expect(paths({ ...valid, rollbackPlan: '  ', risk: 'EXTREME' }).sort()).toEqual(['risk', 'rollbackPlan']);
    expect(paths({ ...valid, incidentLinks: [{ incidentId: 'x', relation: 'FIXES' }] })).toEqual([
      'incidentLinks.0.incidentId',
    ]);
    const twice = [
      { incidentId: id, relation: 'FIXES' },
      { incidentId: id.toUpperCase(), relation: 'CAUSED_BY' },
    ];
    expect(paths({ ...valid, incidentLinks: twice })).toEqual(['incidentLinks']);
  });

  it('refuses more than 100 per page', () => {
    expect(changeRequestListArgs.safeParse({ first: 101 }).success).toBe(false);
    expect(changeRequestListArgs.parse({}).first).toBe(20);
  });
});

describe('visibility', () => {
  const caller = (roles: Role[]): Caller => ({ subject: 'u', name: 'u', email: null, roles, expiresAt: 0 });

  it('shows change requests to staff only', () => {
    expect(isStaff(caller(['technical_staff']))).toBe(true);
    expect(isStaff(caller(['admin']))).toBe(true);
    expect(isStaff(caller(['end_user']))).toBe(false);
    expect(isStaff(caller(['external_consultant']))).toBe(false);
  });
});
