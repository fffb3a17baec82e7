import { type Caller, hasRole, requireRole } from '@mim/auth';

/** Staff who work incidents see each incident's own figures (admin is implied by hasRole). */
const incidentStaffRoles = [
  'service_desk_technician',
  'major_incident_manager',
  'mi_team_member',
  'technical_staff',
  'communications_lead',
  'change_manager',
  'problem_manager',
  'analyst',
] as const;

/** Measuring the metrics is the MI team's job under the MI manager (RACI); analysts and problem managers read them. */
const reportingRoles = ['analyst', 'major_incident_manager', 'problem_manager'] as const;

export function canSeeIncidentMetrics(caller: Caller): boolean {
  return hasRole(caller, ...incidentStaffRoles);
}

/** Throws FORBIDDEN for anyone who may not read the summary. */
export function requireReportingRole(caller: Caller): void {
  requireRole(caller, ...reportingRoles);
}
