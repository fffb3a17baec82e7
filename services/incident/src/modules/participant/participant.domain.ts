import type { ParticipantRole } from '@mim/contracts';
import { notAParticipant } from './participant.errors';

/** A person on an incident's team. */
export interface TeamMember {
  userId: string;
  name: string;
  role: ParticipantRole;
}

export type TeamChange =
  | { kind: 'unchanged'; participant: TeamMember }
  | { kind: 'added'; participant: TeamMember }
  | { kind: 'role_changed'; participant: TeamMember; previousRole: ParticipantRole };

/**
 * Adding a person to the team. Adding someone already on it with the same role changes nothing (a
 * retried request, two managers adding the same expert); with another role, the role is what changes:
 * one person has one role per incident.
 */
export function addToTeam(current: TeamMember | null, requested: TeamMember): TeamChange {
  if (!current) return { kind: 'added', participant: requested };
  if (current.role === requested.role) return { kind: 'unchanged', participant: current };
  return {
    kind: 'role_changed',
    participant: { ...current, role: requested.role },
    previousRole: current.role,
  };
}

/** Removing a person from the team: NOT_FOUND when they are not on it. */
export function removeFromTeam(incidentId: string, current: TeamMember | null, userId: string): TeamMember {
  if (!current) throw notAParticipant(incidentId, userId);
  return current;
}

/** How a role reads in a sentence. */
export const roleNames: Record<ParticipantRole, string> = {
  MAJOR_INCIDENT_MANAGER: 'major incident manager',
  MI_TEAM_MEMBER: 'MI team member',
  TECHNICAL_STAFF: 'technical staff',
  CHANGE_MANAGER: 'change manager',
  PROBLEM_MANAGER: 'problem manager',
  COMMUNICATIONS_LEAD: 'communications lead',
  EXTERNAL_CONSULTANT: 'external consultant',
};
