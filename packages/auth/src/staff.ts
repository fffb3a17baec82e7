import type { Caller } from './caller';
import { hasRole } from './guards';
import type { Role } from './roles';

/**
 * The staff who work incidents, problems and changes, and may see every record of them. End users see
 * only what concerns them; external consultants only what they are added to; admin is implied.
 */
export const staffRoles = [
  'service_desk_technician',
  'major_incident_manager',
  'mi_team_member',
  'technical_staff',
  'change_manager',
  'problem_manager',
  'communications_lead',
  'analyst',
] as const satisfies readonly Role[];

/** True for staff and admins (`hasRole` semantics). */
export function isStaff(caller: Caller): boolean {
  return hasRole(caller, ...staffRoles);
}
