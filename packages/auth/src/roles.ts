import { z } from 'zod';

/**
 * The roles of DOMAIN.md ("Roles" and the RACI matrix), plus the reporter (an end user) and two
 * operational roles. A token carries them in its `roles` claim.
 */
export const roles = [
  'service_desk_technician',
  'major_incident_manager',
  'mi_team_member',
  'technical_staff',
  'change_manager',
  'problem_manager',
  'communications_lead',
  'external_consultant',
  'end_user',
  'analyst',
  'admin',
] as const;

export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;
