import { DomainError } from '@mim/errors';

/**
 * The containment and communication stages (rooms, team tasks, status updates) belong to the major
 * incident process: an incident not declared major refuses them with NOT_A_MAJOR_INCIDENT.
 */
export const notAMajorIncident = (incidentId: string, what: string) =>
  new DomainError(
    'NOT_A_MAJOR_INCIDENT',
    `Only a major incident can ${what}; declare incident ${incidentId} a major incident first`,
    { incidentId },
  );

export function requireMajor(incident: { id: string; isMajor: boolean }, what: string): void {
  if (!incident.isMajor) throw notAMajorIncident(incident.id, what);
}

export const noRooms = () =>
  new DomainError('BAD_USER_INPUT', 'Invalid input: give a bridge URL, a dial-in or a war room', {
    fields: [{ path: 'bridgeUrl', message: 'give a bridge URL, a dial-in or a war room' }],
  });
