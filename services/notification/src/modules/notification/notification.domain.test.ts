import { incidentCreatedV1, incidentStatusChangedV1 } from '@mim/contracts';
import type { Caller } from '@mim/auth';
import { canRead, deliveryScope } from './notification.access';
import {
  type IncidentStatusChanged,
  notificationsForIncidentCreated,
  notificationsForStatusChange,
} from './notification.domain';

const created = incidentCreatedV1.example;
const changed = (overrides: Partial<IncidentStatusChanged>): IncidentStatusChanged => ({
  ...incidentStatusChangedV1.example,
  ...overrides,
});

describe('who is told what', () => {
  it('tells the reporter, in the app, that their report was received under its number', () => {
    expect(notificationsForIncidentCreated(created)).toEqual([
      {
        recipientId: 'user-42',
        incidentId: created.incidentId,
        channel: 'IN_APP',
        subject: 'We received your report INC-000123: HTTP 502 on every edge node',
        body: expect.stringContaining('logged as INC-000123 with priority P1') as unknown,
      },
    ]);
  });

  it('calls a service request a request', () => {
    const [notification] = notificationsForIncidentCreated({ ...created, kind: 'SERVICE_REQUEST' });
    expect(notification?.subject).toBe('We received your request INC-000123: HTTP 502 on every edge node');
  });

  it('tells the reporter when the incident is resolved, with the resolution when given', () => {
    const [notification, ...others] = notificationsForStatusChange(
      changed({ from: 'IN_PROGRESS', to: 'RESOLVED', reason: ' WAF rule rolled back ' }),
    );
    expect(others).toEqual([]);
    expect(notification).toMatchObject({
      recipientId: 'user-42',
      channel: 'IN_APP',
      subject: 'Your incident INC-000123 is resolved',
    });
    expect(notification?.body).toContain('Resolution: WAF rule rolled back If');
    const [bare] = notificationsForStatusChange(changed({ to: 'RESOLVED', reason: null }));
    expect(bare?.body).not.toContain('Resolution:');
  });

  it.each(['ACKNOWLEDGED', 'IN_PROGRESS', 'ON_HOLD', 'CLOSED', 'CANCELLED'] as const)(
    'tells no one about a move to %s (yet)',
    (to) => {
      expect(notificationsForStatusChange(changed({ to }))).toEqual([]);
    },
  );
});

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
