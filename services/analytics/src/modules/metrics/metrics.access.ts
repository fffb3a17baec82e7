import { type Caller, isStaff, requireRole } from '@mim/auth';

/** Measuring the metrics is the MI team's job under the MI manager (RACI); analysts and problem managers read them. */
const reportingRoles = ['analyst', 'major_incident_manager', 'problem_manager'] as const;

/** Staff who work incidents (`isStaff` of @mim/auth, admin included) see each incident's own figures. */
export function canSeeIncidentMetrics(caller: Caller): boolean {
  return isStaff(caller);
}

/** Throws FORBIDDEN for anyone who may not read the summary. */
export function requireReportingRole(caller: Caller): void {
  requireRole(caller, ...reportingRoles);
}
