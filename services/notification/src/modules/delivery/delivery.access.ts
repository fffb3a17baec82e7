import { type Caller, type Role, isStaff, requireRole } from '@mim/auth';
import { DomainError } from '@mim/errors';

/**
 * Dead letters are read by staff (whoever works an incident may check that its stakeholders were told)
 * and resent by those who answer for informing them: communications leads and major incident managers
 * (admins too).
 */
export const resendRoles = [
  'communications_lead',
  'major_incident_manager',
] as const satisfies readonly Role[];

export function requireDeadLetterReader(caller: Caller): void {
  if (!isStaff(caller)) throw new DomainError('FORBIDDEN', 'Only staff may read dead-lettered notifications');
}

export function requireResender(caller: Caller): void {
  requireRole(caller, ...resendRoles);
}
