import { type Caller, type Role, hasRole } from '@mim/auth';
import { forbidden } from '../incident/incident.errors';

/**
 * RACI "produce documentation" (DOMAIN.md): the MI team is responsible (drafts, edits, submits), the
 * major incident manager accountable (also approves: publishes, or sends back to draft). Everyone else
 * is consulted: they read the review (staff, and the incident's team: incident.access.ts), change
 * nothing. Admins may do everything (`hasRole` semantics).
 */
export const reviewPermissions = {
  /** Start, edit, submit for review. */
  write: ['mi_team_member', 'major_incident_manager'],
  /** Publish, or send back to draft: the approver. */
  approve: ['major_incident_manager'],
} as const satisfies Record<string, readonly Role[]>;

export type ReviewPermission = keyof typeof reviewPermissions;

export function canReview(caller: Caller, action: ReviewPermission): boolean {
  return hasRole(caller, ...reviewPermissions[action]);
}

export function requireReviewPermission(caller: Caller, action: ReviewPermission): void {
  if (canReview(caller, action)) return;
  throw forbidden(`Requires one of the roles: ${reviewPermissions[action].join(', ')}`);
}
