import type { Caller, Role } from '@mim/auth';
import { isStaff } from './problem.access';
import { type ProblemPermission, can, problemPermissions, requirePermission } from './problem.permissions';

const caller = (roles: Role[]): Caller => ({ subject: 'u', name: 'u', email: null, roles, expiresAt: 0 });

/** The RACI of problem management, spelled out: who may do each thing. */
const expected: Record<ProblemPermission, Role[]> = {
  create: ['service_desk_technician', 'mi_team_member', 'major_incident_manager', 'problem_manager', 'admin'],
  linkIncidents: [
    'service_desk_technician',
    'mi_team_member',
    'major_incident_manager',
    'problem_manager',
    'admin',
  ],
  assignOwner: ['major_incident_manager', 'problem_manager', 'admin'],
  changeStatus: ['problem_manager', 'admin'],
  recordAnalysis: ['problem_manager', 'admin'],
  recordKnownError: ['problem_manager', 'admin'],
  merge: ['problem_manager', 'admin'],
};

const allRoles: Role[] = [
  'service_desk_technician',
  'major_incident_manager',
  'mi_team_member',
  'technical_staff',
  'change_manager',
  'problem_manager',
  'communications_lead',
  'external_consultant',
  'end_user',
  'analyst',
  'admin',
];

describe('problem permissions', () => {
  it('covers every action', () => {
    expect(Object.keys(problemPermissions).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected) as Array<[ProblemPermission, Role[]]>)('%s: %j', (action, roles) => {
    expect(allRoles.filter((role) => can(caller([role]), action)).sort()).toEqual([...roles].sort());
  });

  it('keeps end users and external consultants out of every change with FORBIDDEN', () => {
    for (const role of ['end_user', 'external_consultant'] as const) {
      for (const action of Object.keys(expected) as ProblemPermission[]) {
        expect(() => requirePermission(caller([role]), action)).toThrow(
          expect.objectContaining({ code: 'FORBIDDEN' }),
        );
      }
    }
  });
});

describe('visibility', () => {
  it('shows problems to staff and admins, not to end users or external consultants', () => {
    for (const role of allRoles) {
      expect(isStaff(caller([role]))).toBe(!['end_user', 'external_consultant'].includes(role));
    }
  });
});
