import type { Caller, Role } from '@mim/auth';
import { maySetRooms, setRooms } from './war-room.domain';

const caller = (...roles: Role[]): Caller => ({ subject: 'u', name: 'U', email: null, roles, expiresAt: 0 });
const rooms = {
  bridgeUrl: 'https://meet.example.com/inc-1',
  bridgeDialIn: '+44 20 7946 0000',
  warRoom: null,
};

describe('conference bridge and war room', () => {
  it('lets the MI team (R), the MI manager (A) and admins set them, nobody else', () => {
    for (const role of ['major_incident_manager', 'mi_team_member', 'admin'] as const) {
      expect(maySetRooms(caller(role))).toBe(true);
    }
    for (const role of [
      'service_desk_technician',
      'technical_staff',
      'communications_lead',
      'end_user',
    ] as const) {
      expect(maySetRooms(caller(role))).toBe(false);
    }
  });

  it('replaces what is recorded, records nothing when it is the same, and needs at least one room', () => {
    expect(setRooms(null, rooms)).toEqual({ kind: 'set', rooms });
    expect(setRooms(rooms, { ...rooms })).toEqual({ kind: 'unchanged', rooms });
    expect(setRooms(rooms, { ...rooms, warRoom: 'Room Ada' }).kind).toBe('set');
    expect(() => setRooms(rooms, { bridgeUrl: null, bridgeDialIn: null, warRoom: null })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });
});
