import type { Caller, Role } from '@mim/auth';
import { canView, incidentScope, seesInternal } from './incident.access';

const caller = (roles: Role[], subject = 'u1'): Caller => ({
  subject,
  name: subject,
  email: null,
  roles,
  expiresAt: 0,
});

describe('incident visibility', () => {
  const incident = { reporterId: 'u1' };

  it('lets staff see every incident, with or without being on its team', () => {
    const scope = incidentScope(caller(['service_desk_technician'], 'x'));
    expect(scope).toEqual({ kind: 'all' });
    expect(canView(scope, incident, false)).toBe(true);
    expect(seesInternal(scope)).toBe(true);
    expect(incidentScope(caller(['admin'], 'x'))).toEqual({ kind: 'all' });
  });

  it('lets an end user see what they reported, the public side only', () => {
    const scope = incidentScope(caller(['end_user'], 'u1'));
    expect(canView(scope, incident, false)).toBe(true);
    expect(canView(incidentScope(caller(['end_user'], 'u2')), incident, true)).toBe(false);
    expect(seesInternal(scope)).toBe(false);
  });

  it('lets an external consultant see exactly the incidents whose team they are on, internal side included', () => {
    const scope = incidentScope(caller(['external_consultant'], 'vendor-1'));
    expect(scope).toEqual({ kind: 'participant', userId: 'vendor-1' });
    expect(canView(scope, incident, true)).toBe(true);
    expect(canView(scope, incident, false)).toBe(false);
    expect(canView(scope, { reporterId: 'vendor-1' }, false)).toBe(false);
    expect(seesInternal(scope)).toBe(true);
  });

  it('judges a consultant who is also an end user as a consultant; staff roles win over both', () => {
    expect(incidentScope(caller(['end_user', 'external_consultant'], 'u1')).kind).toBe('participant');
    expect(incidentScope(caller(['external_consultant', 'analyst'], 'u1')).kind).toBe('all');
  });

  it('shows a caller without a role nothing', () => {
    const scope = incidentScope(caller([]));
    expect(canView(scope, incident, true)).toBe(false);
    expect(seesInternal(scope)).toBe(false);
  });
});
