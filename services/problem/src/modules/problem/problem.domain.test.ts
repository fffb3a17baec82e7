import type { Caller, Role } from '@mim/auth';
import { isStaff } from './problem.access';
import {
  type Actor,
  type ProblemState,
  allowedTransitions,
  changeStatus,
  mayChangeStatus,
  openProblem,
  problemStatuses,
} from './problem.domain';
import { createProblemInput, problemListArgs } from './problem.input';

const owner: Actor = { subject: 'owner-1', roles: ['mi_team_member'] };
const manager: Actor = { subject: 'pm-1', roles: ['problem_manager'] };
const fresh: ProblemState = { status: 'NEW', version: 1, ownerId: 'owner-1' };
const code = (value: string) => expect.objectContaining({ code: value });

describe('opening a problem', () => {
  const input = { title: 't', description: 'd', priority: 'P2' as const, incidentIds: [] };

  it('starts NEW at version 1, owned by the caller by default', () => {
    expect(openProblem(owner, input)).toMatchObject({ status: 'NEW', version: 1, ownerId: 'owner-1' });
  });

  it('lets a problem manager or major incident manager name another owner, nobody else', () => {
    expect(openProblem(manager, { ...input, ownerId: 'pm-2' }).ownerId).toBe('pm-2');
    const mim: Actor = { subject: 'mim', roles: ['major_incident_manager'] };
    expect(openProblem(mim, { ...input, ownerId: 'pm-2' }).ownerId).toBe('pm-2');
    expect(() => openProblem(owner, { ...input, ownerId: 'pm-2' })).toThrow(code('FORBIDDEN'));
    expect(openProblem(owner, { ...input, ownerId: 'owner-1' }).ownerId).toBe('owner-1');
  });
});

describe('lifecycle', () => {
  it('is strictly linear: one way forward from every state but CLOSED', () => {
    problemStatuses.forEach((status, index) => {
      const next = problemStatuses[index + 1];
      expect(allowedTransitions[status]).toEqual(next ? [next] : []);
    });
  });

  it('walks the whole lifecycle, bumping the version each step', () => {
    let state = fresh;
    for (const to of problemStatuses.slice(1)) state = changeStatus(state, owner, state.version, to);
    expect(state).toEqual({ status: 'CLOSED', version: 6, ownerId: 'owner-1' });
  });

  it.each([
    ['NEW', 'RESOLVED'],
    ['NEW', 'ROOT_CAUSE_IDENTIFIED'],
    ['UNDER_INVESTIGATION', 'RESOLVED'],
    ['KNOWN_ERROR', 'UNDER_INVESTIGATION'],
    ['RESOLVED', 'NEW'],
    ['CLOSED', 'UNDER_INVESTIGATION'],
    ['NEW', 'NEW'],
  ] as const)('refuses %s -> %s with INVALID_TRANSITION', (from, to) => {
    expect(() => changeStatus({ ...fresh, status: from }, owner, 1, to)).toThrow(code('INVALID_TRANSITION'));
  });

  it('refuses a stale expected version with CONFLICT', () => {
    expect(() => changeStatus(fresh, owner, 2, 'UNDER_INVESTIGATION')).toThrow(code('CONFLICT'));
  });

  it('refuses a valid step by someone who is neither owner nor problem manager with FORBIDDEN', () => {
    const stranger: Actor = { subject: 'x', roles: ['technical_staff'] };
    expect(() => changeStatus(fresh, stranger, 1, 'UNDER_INVESTIGATION')).toThrow(code('FORBIDDEN'));
    expect(changeStatus(fresh, manager, 1, 'UNDER_INVESTIGATION').status).toBe('UNDER_INVESTIGATION');
  });
});

describe('who may move a problem', () => {
  it.each<[string, Role[], boolean]>([
    ['owner-1', ['mi_team_member'], true],
    ['pm-9', ['problem_manager'], true],
    ['admin-1', ['admin'], true],
    ['mim-1', ['major_incident_manager'], false],
    ['tech-1', ['technical_staff'], false],
  ])('%s with %j -> %s', (subject, roles, allowed) => {
    expect(mayChangeStatus({ subject, roles }, fresh)).toBe(allowed);
  });
});

describe('visibility', () => {
  const caller = (roles: Role[]): Caller => ({ subject: 'u', name: 'u', email: null, roles, expiresAt: 0 });

  it('shows problems to staff and admins, not to end users or external consultants', () => {
    expect(isStaff(caller(['service_desk_technician']))).toBe(true);
    expect(isStaff(caller(['analyst']))).toBe(true);
    expect(isStaff(caller(['admin']))).toBe(true);
    expect(isStaff(caller(['end_user']))).toBe(false);
    expect(isStaff(caller(['external_consultant']))).toBe(false);
  });
});

describe('input validation', () => {
  const valid = { title: ' Root cause ', description: 'd', priority: 'P1' };

  it('trims text, defaults and de-duplicates incident ids', () => {
    const id = '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10';
    expect(createProblemInput.parse(valid)).toMatchObject({ title: 'Root cause', incidentIds: [] });
    expect(createProblemInput.parse({ ...valid, incidentIds: [id, id.toUpperCase()] }).incidentIds).toEqual([
      id,
    ]);
  });

  it('lists every problem at once', () => {
    const result = createProblemInput.safeParse({
      title: '  ',
      description: '',
      priority: 'P9',
      incidentIds: ['x'],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'description',
      'incidentIds.0',
      'priority',
      'title',
    ]);
  });

  it('refuses more than 100 per page', () => {
    expect(problemListArgs.safeParse({ first: 100 }).success).toBe(true);
    expect(problemListArgs.safeParse({ first: 101 }).success).toBe(false);
    expect(problemListArgs.safeParse({ first: 0 }).success).toBe(false);
  });
});
