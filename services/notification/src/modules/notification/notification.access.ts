import { type Caller, isStaff } from '@mim/auth';

/**
 * Which deliveries a caller may read: staff (`isStaff` of @mim/auth, admin included) all of them, anyone
 * else those addressed to them.
 *
 * Why staff read all: a delivery is the audit trail that someone was told (DOMAIN.md: stakeholders are
 * informed, users kept informed), and the people working an incident must be able to check that the
 * reporter was told. One rule serves every read of a delivery (`Incident.notifications`, `_entities`,
 * `Query.notification`), so a delivery staff see in a log is not null to them by id. Inboxes are another
 * matter: `myNotifications`, the unread count and the live inbox hold the caller's own deliveries only,
 * whatever the role.
 */
export type DeliveryScope = { kind: 'all' } | { kind: 'recipient'; recipientId: string };

export function deliveryScope(caller: Caller): DeliveryScope {
  return isStaff(caller) ? { kind: 'all' } : { kind: 'recipient', recipientId: caller.subject };
}

export function canRead(scope: DeliveryScope, notification: { recipientId: string }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'recipient':
      return notification.recipientId === scope.recipientId;
  }
}
