import { type Caller, type Role, isStaff, requireRole } from '@mim/auth';
import { DomainError } from '@mim/errors';

/**
 * Who may read and change the stakeholder directory (DOMAIN.md, RACI "inform stakeholders": the major
 * incident manager is accountable, the MI team responsible).
 *
 * - Staff read it (`isStaff`, admin included): the people working an incident must see who will be told.
 * - Admins and communications leads manage it (groups, people, members): keeping the directory right is
 *   the communications lead's job.
 * - Major incident managers manage it too: they are accountable for informing stakeholders, and the
 *   moment a missing department head or a wrong team shows up is during a major incident, when they
 *   cannot wait for someone else. MI team members are not: the messages themselves are automatic, and
 *   who hears about incidents is an accountable decision, not routine team work.
 * - Anyone signed in manages their own service subscriptions (self-service, `subscribeToServices`).
 */
export const stakeholderManagers = [
  'communications_lead',
  'major_incident_manager',
] as const satisfies readonly Role[];

export function requireDirectoryReader(caller: Caller): void {
  if (!isStaff(caller)) throw new DomainError('FORBIDDEN', 'Only staff may read the stakeholder directory');
}

export function requireDirectoryManager(caller: Caller): void {
  requireRole(caller, ...stakeholderManagers);
}

/** Staff read anyone's stakeholder record; anyone else only their own. */
export function canReadStakeholder(caller: Caller, userId: string): boolean {
  return isStaff(caller) || caller.subject === userId;
}
