import { appendToOutbox } from '@mim/messaging';
import { type RequestMeta, isUuid, parseInput, traceHeaders } from '@mim/service-kit';
import { type DataSource, In } from 'typeorm';
import type { Incident } from '../incident/incident.entity';
import { actorOf } from '../incident/incident.history';
import { requirePermission } from '../incident/incident.permissions';
import { instantOfAction } from '../import/action-instant';
import { requireImporter } from '../import/import.domain';
import { lockVisible } from '../incident/incident-updater';
import type { TimelineService } from '../timeline/timeline.service';
import { addToTeam, removeFromTeam } from './participant.domain';
import { Participant } from './participant.entity';
import {
  participantAddedEntry,
  participantAddedEvent,
  participantRemovedEntry,
  participantRemovedEvent,
} from './participant.history';
import { addParticipantInput, removeParticipantInput } from './participant.input';

/**
 * The incident's team (the major incident team roster): who is on it, in which role. Each change is one
 * transaction: lock the incident (visible to the caller, else NOT_FOUND) -> team rule -> row -> timeline
 * -> event. The incident's own fields and version do not change, so nobody's expectedVersion goes stale
 * because someone joined the team.
 */
export class ParticipantService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timeline: TimelineService,
  ) {}

  add(meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    requirePermission(meta.caller, 'manageTeam');
    const input = parseInput(addParticipantInput, rawInput);
    requireImporter(meta.caller, input.at);
    return this.dataSource.transaction(async (manager) => {
      const incident = await lockVisible(manager, meta.caller, input.incidentId);
      const at = await instantOfAction(manager, meta.caller, incident, input.at);
      const current = await manager.findOneBy(Participant, {
        incidentId: incident.id,
        userId: input.person.id,
      });
      const change = addToTeam(current, {
        userId: input.person.id,
        name: input.person.name,
        role: input.role,
      });
      if (change.kind === 'unchanged') return incident;
      if (change.kind === 'added') {
        await manager.insert(Participant, {
          incidentId: incident.id,
          userId: change.participant.userId,
          name: change.participant.name,
          role: change.participant.role,
          addedAt: at,
          addedBy: meta.caller.subject,
        });
      } else {
        await manager.update(
          Participant,
          { incidentId: incident.id, userId: change.participant.userId },
          { role: change.participant.role },
        );
      }
      await this.timeline.appendWithin(
        manager,
        incident.id,
        [participantAddedEntry(change, actorOf(meta.caller), at)],
        meta,
      );
      await appendToOutbox(
        manager,
        [participantAddedEvent(incident, change.participant, meta, at)],
        traceHeaders(meta),
      );
      return incident;
    });
  }

  remove(meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    requirePermission(meta.caller, 'manageTeam');
    const input = parseInput(removeParticipantInput, rawInput);
    return this.dataSource.transaction(async (manager) => {
      const incident = await lockVisible(manager, meta.caller, input.incidentId);
      const current = await manager.findOneBy(Participant, { incidentId: incident.id, userId: input.userId });
      const participant = removeFromTeam(incident.id, current, input.userId);
      const at = new Date();
      await manager.delete(Participant, { incidentId: incident.id, userId: participant.userId });
      await this.timeline.appendWithin(
        manager,
        incident.id,
        [participantRemovedEntry(participant, actorOf(meta.caller), at)],
        meta,
      );
      await appendToOutbox(
        manager,
        [participantRemovedEvent(incident, participant, meta, at)],
        traceHeaders(meta),
      );
      return incident;
    });
  }

  /** The teams of a batch of incidents (a DataLoader's batch function), earliest joiner first. */
  async byIncidentIds(incidentIds: readonly string[]): Promise<Participant[][]> {
    const ids = [...new Set(incidentIds.filter(isUuid))];
    const rows = ids.length
      ? await this.dataSource.getRepository(Participant).find({
          where: { incidentId: In(ids) },
          order: { addedAt: 'ASC', userId: 'ASC' },
        })
      : [];
    return incidentIds.map((id) => rows.filter((row) => row.incidentId === id));
  }
}
