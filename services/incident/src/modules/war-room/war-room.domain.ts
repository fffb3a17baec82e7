import { type Caller, hasRole } from '@mim/auth';
import { noRooms } from './war-room.errors';

/**
 * RACI "set up the conference bridge" and "prepare the war room": the MI team is responsible, the major
 * incident manager accountable (admin implied).
 */
export const roomRoles = ['major_incident_manager', 'mi_team_member'] as const;

export function maySetRooms(caller: Caller): boolean {
  return hasRole(caller, ...roomRoles);
}

export interface Rooms {
  bridgeUrl: string | null;
  bridgeDialIn: string | null;
  warRoom: string | null;
}

/**
 * The rooms as requested replace the recorded ones (null clears one); at least one must be given.
 * `unchanged` when they are what is recorded already (a retried request records nothing).
 */
export function setRooms(
  current: Rooms | null,
  requested: Rooms,
): { kind: 'unchanged' | 'set'; rooms: Rooms } {
  if (requested.bridgeUrl === null && requested.bridgeDialIn === null && requested.warRoom === null) {
    throw noRooms();
  }
  const same =
    current !== null &&
    current.bridgeUrl === requested.bridgeUrl &&
    current.bridgeDialIn === requested.bridgeDialIn &&
    current.warRoom === requested.warRoom;
  return { kind: same ? 'unchanged' : 'set', rooms: requested };
}
