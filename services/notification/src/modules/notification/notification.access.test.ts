import type { Caller } from '@mim/auth';
import { canRead, deliveryScope } from './notification.access';

describe('who may read a delivery', () => {
  const caller = (roles: Caller['roles'], subject = 'u1'): Caller => ({
    subject,
    name: subject,
    email: null,
    roles,
    expiresAt: 0,
  });

  it('lets staff and admins read every delivery, anyone else only their own', () => {
    const delivery = { recipientId: 'u1' };
    expect(canRead(deliveryScope(caller(['communications_lead'], 'x')), delivery)).toBe(true);
    expect(canRead(deliveryScope(caller(['admin'], 'x')), delivery)).toBe(true);
    expect(canRead(deliveryScope(caller(['end_user'], 'u1')), delivery)).toBe(true);
    expect(canRead(deliveryScope(caller(['end_user'], 'u2')), delivery)).toBe(false);
    expect(canRead(deliveryScope(caller(['external_consultant'], 'u2')), delivery)).toBe(false);
  });
});
