import { type Caller, hasRole } from '@mim/auth';

/** Roles that work incidents and may see every one of them. */
const staffRoles = [
  'service_desk_technician',
  'major_incident_manager',
  'mi_team_member',
  'technical_staff',
  'change_manager',
  'problem_manager',
  'communications_lead',
  'analyst',
] as const;

export function isStaff(caller: Caller): boolean {
  return hasRole(caller, ...staffRoles);
}

/**
 * Who may see an incident. Staff see all; an end user only what they reported. External consultants see
 * only the incidents they are added to (the major incident team arrives later), so none for now.
 */
export type IncidentScope = { kind: 'all' } | { kind: 'reporter'; reporterId: string } | { kind: 'none' };

export function incidentScope(caller: Caller): IncidentScope {
  if (isStaff(caller)) return { kind: 'all' };
  if (caller.roles.includes('end_user')) return { kind: 'reporter', reporterId: caller.subject };
  return { kind: 'none' };
}

export function canView(scope: IncidentScope, incident: { reporterId: string }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'reporter':
      return incident.reporterId === scope.reporterId;
    case 'none':
      return false;
  }
}
