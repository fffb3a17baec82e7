import { type Caller, type Role, isStaff, requireRole } from '@mim/auth';
import { DomainError } from '@mim/errors';

/**
 * Who may read and change notification rules: staff read them (who will be told what is everyone's
 * business on an incident); admins and communications leads change them. Major incident managers use
 * the rules but do not edit them: a rule is standing policy for every incident, not a decision about one
 * (the directory of who is in which group is theirs to fix: stakeholder.access.ts).
 */
export const ruleManagers = ['communications_lead'] as const satisfies readonly Role[];

export function requireRuleReader(caller: Caller): void {
  if (!isStaff(caller)) throw new DomainError('FORBIDDEN', 'Only staff may read notification rules');
}

export function requireRuleManager(caller: Caller): void {
  requireRole(caller, ...ruleManagers);
}
