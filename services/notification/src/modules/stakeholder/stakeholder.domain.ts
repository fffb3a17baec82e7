import type { SnapshotParticipant } from '../incident-snapshot/incident-snapshot.entity';
import type { SupportTier } from './stakeholder.input';

/** Functional escalation goes one tier up: L1 -> L2 -> L3; L3 is the last. */
export function tierAbove(tier: SupportTier): SupportTier | null {
  switch (tier) {
    case 'L1':
      return 'L2';
    case 'L2':
      return 'L3';
    case 'L3':
      return null;
  }
}

/** A person named by the incident itself (reporter, assignee, a participant in a role). */
export interface IncidentPerson {
  userId: string;
  name: string;
  email: string | null;
}

/** The incident's current participants in a role, by user id (a removed participant's role is null). */
export function participantsInRole(
  participants: Readonly<Record<string, SnapshotParticipant>>,
  role: string,
): IncidentPerson[] {
  return Object.entries(participants)
    .filter(([, participant]) => participant.role === role)
    .map(([userId, participant]) => ({ userId, name: participant.name ?? userId, email: null }))
    .sort((a, b) => a.userId.localeCompare(b.userId));
}
