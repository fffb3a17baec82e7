import type { Role } from '@mim/auth';

/**
 * Who may see change requests (and freeze periods and standard change templates): the staff who work
 * incidents (`isStaff` of @mim/auth). End users and external consultants see none (implementation and
 * rollback plans describe internals).
 */
export { isStaff } from '@mim/auth';

/**
 * Who does what with changes (DOMAIN.md, RACI "implement the resolution as a change": technical staff
 * responsible, change manager accountable; "post-implementation review": the same, the problem and major
 * incident managers consulted). `admin` may do everything (`hasRole` semantics).
 */

/** Raise a change request and submit it: whoever works on a fix, the problem manager included. */
export const requesterRoles = [
  'change_manager',
  'technical_staff',
  'major_incident_manager',
  'mi_team_member',
  'problem_manager',
] as const satisfies readonly Role[];

/** The accountable: assesses, approves or rejects (with the CAB), schedules and closes. */
export const changeManagerRoles = ['change_manager'] as const satisfies readonly Role[];

/** Responsible for the work: start implementing, mark implemented or failed, roll back. */
export const implementerRoles = ['technical_staff'] as const satisfies readonly Role[];

/** Record the post-implementation review: technical staff (responsible) and the change manager (accountable). */
export const reviewerRoles = ['technical_staff', 'change_manager'] as const satisfies readonly Role[];

/**
 * The change advisory board: who may record an approval or a rejection. The change manager is the
 * accountable member (their approval is always needed, their rejection decides); technical staff, the
 * problem manager and the major incident manager are the consulted members.
 */
export const cabRoles = [
  'change_manager',
  'technical_staff',
  'problem_manager',
  'major_incident_manager',
] as const satisfies readonly Role[];

/** Manage the change calendar's freeze periods and the catalogue of standard change templates. */
export const catalogueManagerRoles = ['change_manager'] as const satisfies readonly Role[];

/** True when the roles include one of `allowed`, or admin. */
export function holdsRole(roles: readonly Role[], allowed: readonly Role[]): boolean {
  return roles.includes('admin') || roles.some((role) => allowed.includes(role));
}
