import type { Caller, Role } from '@mim/auth';
import type { FreezeLike } from '../freeze-period/freeze-period.domain';
import { isStaff } from './change-request.access';
import {
  type Actor,
  type ChangeState,
  type ChangeStatus,
  type ChangeType,
  type MoveContext,
  allowedTransitions,
  canTransition,
  changeStatuses,
  entryRoutes,
  fixedIncidentIds,
  mayEnter,
  moveChange,
  raiseChangeRequest,
  submitChange,
} from './change-request.domain';
import { changeRequestListArgs, createChangeRequestInput } from './change-request.input';

const actor = (...roles: Role[]): Actor => ({ subject: 'u1', roles });
const changeManager = actor('change_manager');
const tech = actor('technical_staff');
const admin = actor('admin');
const code = (value: string) => expect.objectContaining({ code: value });
const windowStart = new Date('2026-03-10T22:00:00Z');
const windowEnd = new Date('2026-03-10T23:00:00Z');
const at = (status: ChangeStatus, version = 1, type: ChangeType = 'NORMAL'): ChangeState => ({
  type,
  status,
  version,
  plannedStart: windowStart,
  plannedEnd: windowEnd,
  affectedServices: ['checkout'],
  requestedById: 'requester',
  approvalQuorum: status === 'DRAFT' || type === 'STANDARD' ? null : 2,
});
const nothing: MoveContext = { freezes: [], approvals: null };
const submission = { freezes: [], approvalQuorum: 2, templateActive: true };
const move = (state: ChangeState, who: Actor, to: ChangeStatus, context: MoveContext = nothing) =>
  moveChange(state, who, state.version, to, context);
const freeze = (services: string[] = []): FreezeLike => ({
  id: 'f1',
  name: 'Quarter end',
  start: new Date('2026-03-10T00:00:00Z'),
  end: new Date('2026-03-11T00:00:00Z'),
  services,
});

describe('lifecycle', () => {
  it('takes a normal change from draft to closed: one version and one status fact per move', () => {
    const submitted = submitChange(at('DRAFT'), actor('mi_team_member'), 1, submission);
    expect(submitted.facts).toEqual([{ type: 'status_changed', from: 'DRAFT', to: 'SUBMITTED' }]);
    expect(submitted.state).toMatchObject({ status: 'SUBMITTED', version: 2, approvalQuorum: 2 });
    const assessed = move(submitted.state, changeManager, 'ASSESSED').state;
    // Approval is the approvers' decision (change-approval.domain); from APPROVED on, moves again.
    const path: Array<[ChangeStatus, Actor]> = [
      ['SCHEDULED', changeManager],
      ['IMPLEMENTING', tech],
      ['IMPLEMENTED', tech],
    ];
    const approved: ChangeState = { ...assessed, status: 'APPROVED', version: 4 };
    const implemented = path.reduce<ChangeState>((state, [to, who]) => move(state, who, to).state, approved);
    expect(implemented).toMatchObject({ status: 'IMPLEMENTED', version: 7 });
    const closed = move({ ...implemented, status: 'REVIEWED', version: 9 }, changeManager, 'CLOSED');
    expect(closed).toEqual({
      state: expect.objectContaining({ status: 'CLOSED', version: 10 }),
      facts: [{ type: 'status_changed', from: 'REVIEWED', to: 'CLOSED' }],
    });
  });

  it('approves a standard change on submission: two status facts, two versions, no quorum', () => {
    const submitted = submitChange(at('DRAFT', 1, 'STANDARD'), tech, 1, {
      ...submission,
      approvalQuorum: null,
    });
    expect(submitted.facts).toEqual([
      { type: 'status_changed', from: 'DRAFT', to: 'SUBMITTED' },
      { type: 'status_changed', from: 'SUBMITTED', to: 'APPROVED' },
    ]);
    expect(submitted.state).toMatchObject({ status: 'APPROVED', version: 3, approvalQuorum: null });
  });

  it('refuses to submit a standard change whose template was retired', () => {
    expect(() =>
      submitChange(at('DRAFT', 1, 'STANDARD'), tech, 1, { ...submission, templateActive: false }),
    ).toThrow(code('INVALID_TRANSITION'));
  });

  it('rolls back during implementation or after a failure; reviews after a failure too', () => {
    expect(move(at('IMPLEMENTING'), tech, 'ROLLED_BACK').state.status).toBe('ROLLED_BACK');
    expect(move(at('FAILED'), tech, 'ROLLED_BACK').state.status).toBe('ROLLED_BACK');
    for (const from of ['IMPLEMENTED', 'FAILED', 'ROLLED_BACK'] as const) {
      expect(canTransition('NORMAL', from, 'REVIEWED')).toBe(true);
    }
    expect(canTransition('NORMAL', 'IMPLEMENTED', 'ROLLED_BACK')).toBe(false);
  });

  it('assesses every change but a standard one, and approves only a standard one from SUBMITTED', () => {
    expect(canTransition('NORMAL', 'SUBMITTED', 'ASSESSED')).toBe(true);
    expect(canTransition('EMERGENCY', 'SUBMITTED', 'ASSESSED')).toBe(true);
    expect(canTransition('STANDARD', 'SUBMITTED', 'ASSESSED')).toBe(false);
    expect(canTransition('STANDARD', 'SUBMITTED', 'APPROVED')).toBe(true);
    expect(canTransition('NORMAL', 'SUBMITTED', 'APPROVED')).toBe(false);
    expect(canTransition('EMERGENCY', 'SUBMITTED', 'APPROVED')).toBe(false);
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
    ['SCHEDULED', 'REVIEWED'],
  ])('refuses %s -> %s with INVALID_TRANSITION, even for an admin', (from, to) => {
    expect(() => move(at(from), admin, to)).toThrow(code('INVALID_TRANSITION'));
  });

  it('refuses a stale expected version with CONFLICT before anything else', () => {
    expect(() => moveChange(at('SUBMITTED', 3), tech, 2, 'APPROVED', nothing)).toThrow(code('CONFLICT'));
    expect(() => submitChange(at('DRAFT', 2), tech, 1, submission)).toThrow(code('CONFLICT'));
  });

  it('has CLOSED as the only terminal state, and nothing leads back to DRAFT', () => {
    const terminal = changeStatuses.filter((status) => allowedTransitions[status].length === 0);
    expect(terminal).toEqual(['CLOSED']);
    expect(Object.values(allowedTransitions).flat()).not.toContain('DRAFT');
  });

  it('enters APPROVED and REJECTED only by decision, REVIEWED only by review, SUBMITTED by submission', () => {
    expect(entryRoutes).toMatchObject({
      SUBMITTED: 'submission',
      APPROVED: 'decision',
      REJECTED: 'decision',
      REVIEWED: 'review',
    });
    expect(() => move(at('ASSESSED'), changeManager, 'REJECTED')).toThrow(code('INVALID_TRANSITION'));
    expect(() => move(at('IMPLEMENTED'), tech, 'REVIEWED')).toThrow(code('INVALID_TRANSITION'));
    expect(() => move(at('DRAFT'), tech, 'SUBMITTED')).toThrow('use submitChange');
  });

  it('refuses to force APPROVED with CHANGE_APPROVAL_QUORUM_NOT_MET, reporting the approvals so far', () => {
    const approvals = {
      approvals: 1,
      rejections: 0,
      quorum: 2,
      changeManagerApproved: true,
      changeManagerRejected: false,
    };
    expect(() => move(at('ASSESSED'), changeManager, 'APPROVED', { freezes: [], approvals })).toThrow(
      expect.objectContaining({
        code: 'CHANGE_APPROVAL_QUORUM_NOT_MET',
        details: expect.objectContaining({ approvals: 1, quorum: 2, type: 'NORMAL' }),
      }),
    );
    expect(() => move(at('ASSESSED', 1, 'EMERGENCY'), admin, 'APPROVED')).toThrow(
      code('CHANGE_APPROVAL_QUORUM_NOT_MET'),
    );
  });
});

describe('freezes on submission and scheduling', () => {
  it('refuses to submit a normal or standard change in a freeze of its service, or of every service', () => {
    for (const freezes of [[freeze()], [freeze(['checkout'])]]) {
      expect(() => submitChange(at('DRAFT'), tech, 1, { ...submission, freezes })).toThrow(
        code('CHANGE_FREEZE'),
      );
      expect(() =>
        submitChange(at('DRAFT', 1, 'STANDARD'), tech, 1, { ...submission, approvalQuorum: null, freezes }),
      ).toThrow(code('CHANGE_FREEZE'));
    }
  });

  it('lets an emergency change through a freeze, and any change through a freeze of other services', () => {
    const emergency = submitChange(at('DRAFT', 1, 'EMERGENCY'), tech, 1, {
      ...submission,
      freezes: [freeze()],
    });
    expect(emergency.state.status).toBe('SUBMITTED');
    const elsewhere = submitChange(at('DRAFT'), tech, 1, { ...submission, freezes: [freeze(['payroll'])] });
    expect(elsewhere.state.status).toBe('SUBMITTED');
  });

  it('checks freezes again when scheduling', () => {
    expect(() =>
      move(at('APPROVED'), changeManager, 'SCHEDULED', { freezes: [freeze()], approvals: null }),
    ).toThrow(code('CHANGE_FREEZE'));
    expect(
      move(at('APPROVED', 1, 'EMERGENCY'), changeManager, 'SCHEDULED', {
        freezes: [freeze()],
        approvals: null,
      }).state.status,
    ).toBe('SCHEDULED');
  });
});

describe('who may move a change (RACI)', () => {
  const others: Role[] = ['technical_staff', 'major_incident_manager', 'mi_team_member', 'problem_manager'];

  it('lets only the change manager (or an admin) assess, schedule, close, approve or reject', () => {
    for (const to of ['ASSESSED', 'SCHEDULED', 'CLOSED', 'APPROVED', 'REJECTED'] as const) {
      expect(mayEnter(['change_manager'], to)).toBe(true);
      expect(mayEnter(['admin'], to)).toBe(true);
      for (const role of others) expect(mayEnter([role], to)).toBe(false);
    }
    expect(() => move(at('SUBMITTED'), tech, 'ASSESSED')).toThrow(code('FORBIDDEN'));
    expect(() => move(at('ASSESSED'), tech, 'APPROVED')).toThrow(code('FORBIDDEN'));
  });

  it('lets only technical staff (or an admin) implement, fail and roll back: the change manager is accountable', () => {
    for (const to of ['IMPLEMENTING', 'IMPLEMENTED', 'FAILED', 'ROLLED_BACK'] as const) {
      expect(mayEnter(['technical_staff'], to)).toBe(true);
      expect(mayEnter(['admin'], to)).toBe(true);
      expect(mayEnter(['change_manager'], to)).toBe(false);
      expect(mayEnter(['major_incident_manager', 'mi_team_member', 'problem_manager'], to)).toBe(false);
    }
    expect(() => move(at('SCHEDULED'), changeManager, 'IMPLEMENTING')).toThrow(code('FORBIDDEN'));
  });

  it('lets technical staff and the change manager review; any requester submit; nobody enter DRAFT', () => {
    expect(mayEnter(['technical_staff'], 'REVIEWED')).toBe(true);
    expect(mayEnter(['change_manager'], 'REVIEWED')).toBe(true);
    expect(mayEnter(['problem_manager'], 'REVIEWED')).toBe(false);
    for (const role of ['mi_team_member', 'problem_manager', 'major_incident_manager'] as const) {
      expect(mayEnter([role], 'SUBMITTED')).toBe(true);
    }
    expect(mayEnter(['service_desk_technician'], 'SUBMITTED')).toBe(false);
    expect(mayEnter(['admin'], 'DRAFT')).toBe(false);
    expect(() => submitChange(at('DRAFT'), actor('analyst'), 1, submission)).toThrow(code('FORBIDDEN'));
  });
});

describe('raising a change', () => {
  const start = new Date('2026-01-01T10:00:00Z');
  const base = {
    title: 't',
    description: 'd',
    type: 'EMERGENCY' as const,
    risk: 'HIGH' as const,
    impact: 'EXTENSIVE' as const,
    implementationPlan: 'i',
    rollbackPlan: 'r',
    testPlan: null,
    plannedStart: start,
    plannedEnd: new Date(start.getTime() + 60_000),
    affectedServices: [],
    configurationItems: [],
    incidentLinks: [
      { incidentId: 'a', relation: 'FIXES' as const },
      { incidentId: 'b', relation: 'CAUSED_BY' as const },
    ],
    problemIds: [],
    templateId: null,
  };

  it('starts as a DRAFT at version 1 requested by the caller, no quorum yet; only FIXES links are fixes', () => {
    const raised = raiseChangeRequest(tech, base);
    expect(raised).toMatchObject({ status: 'DRAFT', version: 1, requestedById: 'u1', approvalQuorum: null });
    expect(fixedIncidentIds(raised.incidentLinks)).toEqual(['a']);
  });

  it('refuses an empty or negative planned window', () => {
    expect(() => raiseChangeRequest(tech, { ...base, plannedEnd: start })).toThrow(code('BAD_USER_INPUT'));
    expect(() => raiseChangeRequest(tech, { ...base, plannedEnd: new Date(start.getTime() - 1) })).toThrow(
      code('BAD_USER_INPUT'),
    );
  });

  it('refuses a standard change without a template, and a template on any other change', () => {
    expect(() => raiseChangeRequest(tech, { ...base, type: 'STANDARD' })).toThrow(
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        details: { fields: [expect.objectContaining({ path: 'type' })] },
      }),
    );
    expect(() => raiseChangeRequest(tech, { ...base, templateId: 't1' })).toThrow(code('BAD_USER_INPUT'));
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

  it('accepts a minimal change, trimming text and defaulting impact and lists', () => {
    expect(createChangeRequestInput.parse(valid)).toMatchObject({
      title: 'Disable WAF rule',
      impact: 'MODERATE',
      testPlan: null,
      affectedServices: [],
      configurationItems: [],
      incidentLinks: [],
      problemIds: [],
    });
  });

  it('points at plannedEnd when the window is empty or reversed', () => {
    expect(paths({ ...valid, plannedEnd: valid.plannedStart })).toEqual(['plannedEnd']);
    expect(paths({ ...valid, plannedEnd: new Date('2026-01-01T09:00:00Z') })).toEqual(['plannedEnd']);
  });

  it('refuses blank plans, unknown enums, NUL, bad incident and problem ids, and duplicates', () => {
    expect(paths({ ...valid, rollbackPlan: '  ', risk: 'EXTREME' }).sort()).toEqual(['risk', 'rollbackPlan']);
    expect(paths({ ...valid, title: 'a\u0000b' })).toEqual(['title']);
    expect(paths({ ...valid, incidentLinks: [{ incidentId: 'x', relation: 'FIXES' }] })).toEqual([
      'incidentLinks.0.incidentId',
    ]);
    const twice = [
      { incidentId: id, relation: 'FIXES' },
      { incidentId: id.toUpperCase(), relation: 'CAUSED_BY' },
    ];
    expect(paths({ ...valid, incidentLinks: twice })).toEqual(['incidentLinks']);
    expect(paths({ ...valid, problemIds: ['nope'] })).toEqual(['problemIds.0']);
    expect(paths({ ...valid, problemIds: [id, id.toUpperCase()] })).toEqual(['problemIds']);
  });

  it('lowercases problem ids and keeps each service and CI once', () => {
    const parsed = createChangeRequestInput.parse({
      ...valid,
      problemIds: [id.toUpperCase()],
      affectedServices: ['waf', 'waf', 'edge'],
      configurationItems: ['pop-lhr', 'pop-lhr'],
    });
    expect(parsed).toMatchObject({
      problemIds: [id],
      affectedServices: ['waf', 'edge'],
      configurationItems: ['pop-lhr'],
    });
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
