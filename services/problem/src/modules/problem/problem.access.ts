import { type Caller, hasRole } from '@mim/auth';

/**
 * Roles that may see problem records: the staff who work incidents. End users and external consultants
 * see none (a root-cause analysis can expose internals; consultants get access per major incident later).
 */
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
