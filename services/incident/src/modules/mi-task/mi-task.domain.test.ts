import type { Caller, Role } from '@mim/auth';
import {
  type TaskState,
  assignTask,
  cancelTask,
  completeTask,
  createTask,
  isOverdue,
  mayActOnTask,
  overdueStillDue,
  overdueTimerAt,
  requireTaskPermission,
  startTask,
} from './mi-task.domain';

const at = new Date('2019-07-02T13:50:00Z');
const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000);
const caller = (subject: string, ...roles: Role[]): Caller => ({
  subject,
  name: subject,
  email: null,
  roles,
  expiresAt: 0,
});
const sre = { id: 'sre-7', name: 'Sam SRE' };
const open = (overrides: Partial<TaskState> = {}): TaskState => ({
  ...createTask({ title: 'Disable the WAF', owner: sre, dueAt: later(20) }, at),
  ...overrides,
});
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('major incident task transitions', () => {
  it('creates an OPEN task, version 1, with its owner and due time', () => {
    expect(open()).toMatchObject({ status: 'OPEN', version: 1, ownerId: 'sre-7', dueAt: later(20) });
  });

  it('refuses a due time that is not in the future', () => {
    expect(codeOf(() => createTask({ title: 'x', owner: null, dueAt: at }, at))).toBe('BAD_USER_INPUT');
  });

  it('starts, then completes: OPEN -> IN_PROGRESS -> DONE, stamping each instant', () => {
    const started = startTask(open(), 1, later(1));
    expect(started).toMatchObject({ status: 'IN_PROGRESS', startedAt: later(1), version: 2 });
    expect(completeTask(started, 2, later(5))).toMatchObject({
      status: 'DONE',
      completedAt: later(5),
      version: 3,
    });
  });

  it('completes an OPEN task at once, and cancels an OPEN or IN_PROGRESS one', () => {
    expect(completeTask(open(), 1, later(1)).status).toBe('DONE');
    expect(cancelTask(open(), 1, later(1))).toMatchObject({ status: 'CANCELLED', cancelledAt: later(1) });
    expect(cancelTask(startTask(open(), 1, at), 2, later(1)).status).toBe('CANCELLED');
  });

  it('refuses moves from a final state (INVALID_TRANSITION) and a stale version (CONFLICT)', () => {
    const done = completeTask(open(), 1, later(1));
    for (const move of [
      () => startTask(done, 2, later(2)),
      () => completeTask(done, 2, later(2)),
      () => cancelTask(done, 2, later(2)),
      () => assignTask(done, 2, sre, undefined, later(2)),
      () => startTask(startTask(open(), 1, at), 2, at),
    ]) {
      expect(codeOf(move)).toBe('INVALID_TRANSITION');
    }
    expect(codeOf(() => startTask(open(), 7, at))).toBe('CONFLICT');
  });

  it('assigns: a new owner of a task in progress starts it again; the due time moves only when given', () => {
    const started = startTask(open(), 1, at);
    const reassigned = assignTask(started, 2, { id: 'net-2', name: 'Nina Net' }, undefined, later(1));
    expect(reassigned).toMatchObject({ ownerId: 'net-2', status: 'OPEN', startedAt: null, dueAt: later(20) });
    const sameOwner = assignTask(started, 2, sre, later(40), later(1));
    expect(sameOwner).toMatchObject({ status: 'IN_PROGRESS', dueAt: later(40) });
    expect(assignTask(started, 2, sre, null, later(1)).dueAt).toBeNull();
    expect(codeOf(() => assignTask(started, 2, sre, at, later(1)))).toBe('BAD_USER_INPUT');
  });

  it('is overdue while still to be done past its due time; the timer stands only for that due time', () => {
    const task = open();
    expect(isOverdue(task, later(19))).toBe(false);
    expect(isOverdue(task, later(20))).toBe(true);
    expect(isOverdue(completeTask(task, 1, later(1)), later(30))).toBe(false);
    expect(overdueTimerAt(task)).toEqual(later(20));
    expect(overdueTimerAt(cancelTask(task, 1, later(1)))).toBeNull();
    expect(overdueStillDue(task, later(20))).toBe(true);
    expect(overdueStillDue(task, later(10))).toBe(false);
    expect(overdueStillDue(completeTask(task, 1, later(1)), later(20))).toBe(false);
  });
});

describe('major incident task permissions (RACI)', () => {
  const manager = { caller: caller('mim-1', 'major_incident_manager'), teamRole: null };
  const teamMember = { caller: caller('team-1', 'mi_team_member'), teamRole: null };
  const technicalOnTeam = {
    caller: caller('tech-9', 'technical_staff'),
    teamRole: 'TECHNICAL_STAFF' as const,
  };
  const technicalOffTeam = { caller: caller('tech-8', 'technical_staff'), teamRole: null };
  const vendor = {
    caller: caller('vendor-9', 'external_consultant'),
    teamRole: 'EXTERNAL_CONSULTANT' as const,
  };
  const owner = { caller: caller('sre-7', 'technical_staff'), teamRole: null };
  const admin = { caller: caller('root', 'admin'), teamRole: null };
  const task = { ownerId: 'sre-7' };

  it('lets the manager, the MI team and the incident team organise the work', () => {
    for (const actor of [manager, teamMember, technicalOnTeam, admin]) {
      for (const action of ['create', 'assign', 'cancel'] as const) {
        expect(mayActOnTask(actor, action, task)).toBe(true);
      }
    }
    for (const actor of [technicalOffTeam, vendor, owner]) {
      expect(mayActOnTask(actor, 'create')).toBe(false);
      expect(codeOf(() => requireTaskPermission(actor, 'assign', task))).toBe('FORBIDDEN');
    }
  });

  it('lets only the owner or the manager start and complete a task', () => {
    for (const action of ['start', 'complete'] as const) {
      expect(mayActOnTask(owner, action, task)).toBe(true);
      expect(mayActOnTask(manager, action, task)).toBe(true);
      expect(mayActOnTask(admin, action, task)).toBe(true);
      expect(mayActOnTask(teamMember, action, task)).toBe(false);
      expect(mayActOnTask(technicalOnTeam, action, { ownerId: null })).toBe(false);
      expect(codeOf(() => requireTaskPermission(teamMember, action, task))).toBe('FORBIDDEN');
    }
  });
});
