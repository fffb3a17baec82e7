import type { Caller } from './caller';
import { type Role, roles } from './roles';
import { isStaff, staffRoles } from './staff';

const caller = (...callerRoles: Role[]): Caller => ({
  subject: 'u-1',
  name: 'U',
  email: null,
  roles: callerRoles,
  expiresAt: 0,
});

describe('staff', () => {
  it('are every role but the end user, the external consultant and admin', () => {
    expect([...staffRoles].sort()).toEqual(
      roles.filter((role) => !['end_user', 'external_consultant', 'admin'].includes(role)).sort(),
    );
  });

  it.each(staffRoles)('include %s', (role) => {
    expect(isStaff(caller(role))).toBe(true);
  });

  it('include admins, as hasRole implies admin', () => {
    expect(isStaff(caller('admin'))).toBe(true);
  });

  it('include anyone holding one staff role among others', () => {
    expect(isStaff(caller('end_user', 'analyst'))).toBe(true);
  });

  it.each([[['end_user']], [['external_consultant']], [[]]] as Array<[Role[]]>)(
    'exclude a caller with roles %j',
    (callerRoles) => {
      expect(isStaff(caller(...callerRoles))).toBe(false);
    },
  );
});
