import { type Caller, hasRole } from '@mim/auth';

/** Roles that work incidents and may read every delivery of one (admin is implied by hasRole). */
const staffRoles = [
  'service_desk_technician',
  'major_incident_manager',
  'mi_team_member',
  'technical_staff',
  'communications_lead',
  'change_manager',
  'problem_manager',
  'analyst',
] as const;

/** Which deliveries a caller may read: staff all of them, anyone else those addressed to them. */
export type DeliveryScope = { kind: 'all' } | { kind: 'recipient'; recipientId: string };

export function deliveryScope(caller: Caller): DeliveryScope {
  return hasRole(caller, ...staffRoles)
    ? { kind: 'all' }
    : { kind: 'recipient', recipientId: caller.subject };
}

export function canRead(scope: DeliveryScope, notification: { recipientId: string }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'recipient':
      return notification.recipientId === scope.recipientId;
  }
}
