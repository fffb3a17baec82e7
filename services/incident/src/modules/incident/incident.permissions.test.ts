import { type Caller, type Role, roles } from '@mim/auth';
import { type IncidentPermission, can, incidentPermissions, requirePermission } from './incident.permissions';

const caller = (...callerRoles: Role[]): Caller => ({
  subject: 'u-1',
  name: 'U',
  email: null,
  roles: callerRoles,
  expiresAt: 0,
});

const work: IncidentPermission[] = [
  'acknowledge',
  'start',
  'hold',
  'resume',
  'resolve',
  'close',
  'reopen',
  'cancel',
  'reclassify',
  'assign',
  'escalateFunctionally',
  'escalateHierarchically',
  'addWorkNote',
  'logOnBehalf',
  'viewCandidates',
  'linkToMajor',
];
const everything = Object.keys(incidentPermissions) as IncidentPermission[];

/** What each role may do, written out role by role: the table under test must say the same. */
const expected: Record<Role, IncidentPermission[]> = {
  service_desk_technician: ['create', 'commentPublicly', ...work],
  mi_team_member: ['create', 'commentPublicly', 'declareMajor', ...work],
  technical_staff: ['create', 'commentPublicly', ...work],
  major_incident_manager: ['create', 'commentPublicly', 'declareMajor', 'manageTeam', ...work],
  end_user: ['create', 'commentPublicly'],
  analyst: [],
  change_manager: [],
  problem_manager: [],
  communications_lead: [],
  external_consultant: [],
  admin: everything,
};

describe('incident permissions, role by role', () => {
  it('covers every role', () => {
    expect(Object.keys(expected).sort()).toEqual([...roles].sort());
  });

  describe.each(roles)('%s', (role) => {
    const allowed = new Set(expected[role]);
    it.each(everything)(`may %s exactly when the table says so`, (action) => {
      expect(can(caller(role), action)).toBe(allowed.has(action));
    });
  });

  it('lets the major incident manager, the MI team and admins declare a major incident (RACI: A, R)', () => {
    expect(roles.filter((role) => can(caller(role), 'declareMajor'))).toEqual([
      'major_incident_manager',
      'mi_team_member',
      'admin',
    ]);
  });

  it('lets only the major incident manager and admins establish the MI team (RACI: R/A)', () => {
    expect(roles.filter((role) => can(caller(role), 'manageTeam'))).toEqual([
      'major_incident_manager',
      'admin',
    ]);
    expect(() => requirePermission(caller('mi_team_member'), 'manageTeam')).toThrow(
      expect.objectContaining({
        code: 'FORBIDDEN',
        message: 'Requires one of the roles: major_incident_manager',
      }),
    );
  });

  it('lets only admins manage the category catalogue', () => {
    expect(roles.filter((role) => can(caller(role), 'manageCategories'))).toEqual(['admin']);
  });

  it('lets a caller with several roles do what any of them may', () => {
    expect(can(caller('analyst', 'end_user'), 'create')).toBe(true);
    expect(can(caller('analyst', 'end_user'), 'resolve')).toBe(false);
  });

  it('lets nobody without a role do anything', () => {
    expect(everything.filter((action) => can(caller(), action))).toEqual([]);
  });

  it('throws FORBIDDEN naming the roles that may', () => {
    expect(() => requirePermission(caller('analyst'), 'resolve')).toThrow(
      expect.objectContaining({
        code: 'FORBIDDEN',
        message: expect.stringContaining('service_desk_technician'),
      }),
    );
    expect(() => requirePermission(caller('service_desk_technician'), 'manageCategories')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', message: 'Requires the admin role' }),
    );
    expect(() => requirePermission(caller('technical_staff'), 'resolve')).not.toThrow();
  });
});
