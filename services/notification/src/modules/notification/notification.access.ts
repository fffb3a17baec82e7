import { type Caller, isStaff } from '@mim/auth';

/**
 * Which deliveries a caller may read: staff (`isStaff` of @mim/auth, admin included) all of them, anyone
 * else those addressed to them.
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
