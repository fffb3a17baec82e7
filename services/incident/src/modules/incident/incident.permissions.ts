import { type Caller, type Role, hasRole } from '@mim/auth';
import { forbidden } from './incident.errors';

/**
 * Who may do what with incidents (DOMAIN.md, roles and RACI). One row per action; a caller may when
 * they hold one of its roles. `admin` may do everything (`hasRole` semantics).
 *
 * What a role may do to a *given* incident also depends on what it may see (incident.access.ts): an
 * end user acts only on incidents they reported (anything else is NOT_FOUND), staff on every one. Who
 * sees internal work notes and timeline entries is decided there too (staff, and an incident's team).
 *
 * - Technicians (service desk, MI team, technical staff) work incidents. The major incident manager
 *   works them too: they own major incidents and run the process, so they acknowledge, hold, resolve
 *   and escalate like the team they lead.
 * - End users log incidents for themselves, see their own, and add public comments to them.
 * - Every staff role (analysts, problem and change managers, communications) reads everything,
 *   internal work notes included; analysts only read.
 * - Declaring a major incident (RACI "declare the major incident"): the major incident manager is
 *   accountable, the MI team responsible; technicians and technical staff are consulted, not deciders.
 * - Establishing the MI team (adding and removing participants): the major incident manager alone
 *   (R/A); the team and the problem manager are consulted.
 * - External consultants change nothing: a major incident manager adds them to an incident's team,
 *   and they read what that team reads (incident.access.ts).
 * - The category catalogue is administered by admins only.
 */
const technicians = [
  'service_desk_technician',
  'mi_team_member',
  'technical_staff',
] as const satisfies readonly Role[];
const workers = [...technicians, 'major_incident_manager'] as const satisfies readonly Role[];

export const incidentPermissions = {
  /** Log an incident for oneself. */
  create: [...workers, 'end_user'],
  /** Log for someone else (reporter) and date the report (reportedAt): phone and email intake. */
  logOnBehalf: workers,
  acknowledge: workers,
  start: workers,
  hold: workers,
  resume: workers,
  resolve: workers,
  close: workers,
  reopen: workers,
  cancel: workers,
  /** Change impact / urgency, hence priority. */
  reclassify: workers,
  assign: workers,
  escalateFunctionally: workers,
  escalateHierarchically: workers,
  commentPublicly: [...workers, 'end_user'],
  addWorkNote: workers,
  declareMajor: ['major_incident_manager', 'mi_team_member'],
  /**
   * See major incident candidates (RACI "declare": technicians and technical staff consulted, the MI
   * team responsible, the MI manager accountable); promoting or dismissing one is `declareMajor`.
   */
  viewCandidates: workers,
  /** Link related incidents to a major incident as its children, and unlink them. */
  linkToMajor: workers,
  /** Add people to an incident's team, change their role, remove them. */
  manageTeam: ['major_incident_manager'],
  manageCategories: [],
} as const satisfies Record<string, readonly Role[]>;

export type IncidentPermission = keyof typeof incidentPermissions;

export function can(caller: Caller, action: IncidentPermission): boolean {
  return hasRole(caller, ...incidentPermissions[action]);
}

/** FORBIDDEN unless the caller may do the action at all. */
export function requirePermission(caller: Caller, action: IncidentPermission): void {
  if (can(caller, action)) return;
  const roles: readonly Role[] = incidentPermissions[action];
  throw forbidden(
    roles.length > 0 ? `Requires one of the roles: ${roles.join(', ')}` : 'Requires the admin role',
  );
}
