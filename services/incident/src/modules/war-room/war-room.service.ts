import { forbidden } from '../incident/incident.errors';
import { appendToOutbox } from '@mim/messaging';
import { type RequestMeta, isUuid, parseInput, traceHeaders } from '@mim/service-kit';
import { type DataSource, In } from 'typeorm';
import type { Incident } from '../incident/incident.entity';
import { actorOf } from '../incident/incident.history';
import { lockVisible } from '../incident/incident-updater';
import type { TimelineService } from '../timeline/timeline.service';
import { maySetRooms, roomRoles, setRooms } from './war-room.domain';
import { IncidentRooms } from './war-room.entity';
import { requireMajor } from './war-room.errors';
import { roomsSetEntry, roomsSetEvent } from './war-room.history';
import { setRoomsInput } from './war-room.input';

/**
 * The containment stage's rooms: a major incident's conference bridge (URL, dial-in) and war room (a
 * place or a virtual room). One transaction: lock the incident -> rule -> row -> INTERNAL timeline entry
 * -> `incident.rooms_set.v1`. The incident's version does not change.
 */
export class WarRoomService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timeline: TimelineService,
  ) {}

  set(meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    if (!maySetRooms(meta.caller)) throw forbidden(`Requires one of the roles: ${roomRoles.join(', ')}`);
    const input = parseInput(setRoomsInput, rawInput);
    return this.dataSource.transaction(async (manager) => {
      const incident = await lockVisible(manager, meta.caller, input.incidentId);
      requireMajor(incident, 'have a conference bridge and a war room');
      const current = await manager.findOneBy(IncidentRooms, { incidentId: incident.id });
      const change = setRooms(current, input);
      if (change.kind === 'unchanged') return incident;
      const at = new Date();
      await manager.upsert(
        IncidentRooms,
        { incidentId: incident.id, ...change.rooms, setAt: at, setBy: meta.caller.subject },
        ['incidentId'],
      );
      await this.timeline.appendWithin(
        manager,
        incident.id,
        [roomsSetEntry(change.rooms, actorOf(meta.caller), at)],
        meta,
      );
      await appendToOutbox(manager, [roomsSetEvent(incident, change.rooms, meta, at)], traceHeaders(meta));
      return incident;
    });
  }

  /** The rooms of a batch of incidents (a DataLoader's batch function); null where none are set. */
  async byIncidentIds(incidentIds: readonly string[]): Promise<Array<IncidentRooms | null>> {
    const ids = [...new Set(incidentIds.filter(isUuid))];
    const rows = ids.length
      ? await this.dataSource.getRepository(IncidentRooms).findBy({ incidentId: In(ids) })
      : [];
    return incidentIds.map((id) => rows.find((row) => row.incidentId === id) ?? null);
  }
}
