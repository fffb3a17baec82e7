import type { Caller, Role } from '@mim/auth';
import { forbidden } from './problem.errors';

/**
 * Who may do what with problems (DOMAIN.md, roles and RACI). One row per action; a caller may when they
 * hold one of its roles; `admin` may do everything (`hasRole` semantics).
 *
 * - Seeing problems (problem.access.ts): every staff role. End users and external consultants see no
 *   problem at all: `problem` answers null, lists are empty, `Incident.problems` is empty, and every
 *   mutation is FORBIDDEN. A root-cause analysis exposes internals, and a consultant's access is per
 *   major incident, not per problem.
 * - Opening a problem record (RACI "create the problem record": MI manager A, MI team R) and linking
 *   incidents to one: the staff who work incidents and see the pattern (service desk technicians, the
 *   major incident team and its manager) and the problem manager. Technical staff are consulted, change
 *   managers informed: they do not open problems.
 * - Owning and working a problem (status, root-cause analysis, known errors, merges): the problem
 *   manager, who owns problem records and finds the root cause.
 * - Naming the owner: the problem manager, and the major incident manager, accountable for the problem
 *   record of a major incident, who hands it to a problem manager.
 */
const incidentWorkers = [
  'service_desk_technician',
  'mi_team_member',
  'major_incident_manager',
  'problem_manager',
] as const satisfies readonly Role[];

export const problemPermissions = {
  create: incidentWorkers,
  linkIncidents: incidentWorkers,
  /** Name an owner: at creation, or later (`assignProblemOwner`). */
  assignOwner: ['problem_manager', 'major_incident_manager'],
  changeStatus: ['problem_manager'],
  recordAnalysis: ['problem_manager'],
  recordKnownError: ['problem_manager'],
  merge: ['problem_manager'],
} as const satisfies Record<string, readonly Role[]>;

export type ProblemPermission = keyof typeof problemPermissions;

/** `hasRole` semantics (admin may do everything), on the roles alone so pure rules can ask too. */
export function can(caller: Pick<Caller, 'roles'>, action: ProblemPermission): boolean {
  const allowed: readonly Role[] = problemPermissions[action];
  return caller.roles.includes('admin') || caller.roles.some((role) => allowed.includes(role));
}

/** FORBIDDEN unless the caller may do the action at all. */
export function requirePermission(caller: Pick<Caller, 'roles'>, action: ProblemPermission): void {
  if (can(caller, action)) return;
  throw forbidden(`Requires one of the roles: ${[...problemPermissions[action], 'admin'].join(', ')}`);
}
