import { type RequestMeta, parseInput } from '@mim/service-kit';
import type { Incident } from '../incident/incident.entity';
import { actorOf } from '../incident/incident.history';
import { requirePermission } from '../incident/incident.permissions';
import type { IncidentUpdater } from '../incident/incident-updater';
import { declareMajor } from './major-incident.domain';
import { majorDeclaredEntry, majorDeclaredEvent } from './major-incident.history';
import { declareMajorIncidentInput } from './major-incident.input';

/**
 * The major incident process, stage 1: declaring one. Like every change of an incident, one
 * transaction through the updater: lock -> rule -> update (new version) -> timeline -> event ->
 * listeners.
 */
export class MajorIncidentService {
  constructor(private readonly updater: IncidentUpdater) {}

  declare(meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    requirePermission(meta.caller, 'declareMajor');
    const input = parseInput(declareMajorIncidentInput, rawInput);
    return this.updater.update(
      meta,
      input.id,
      (incident, at) => {
        const state = declareMajor(incident, input.expectedVersion, input.impactStatement, at);
        return {
          type: 'major_declared',
          changes: state,
          timeline: [majorDeclaredEntry({ ...incident, ...state }, actorOf(meta.caller), at)],
          events: (updated) => [majorDeclaredEvent(updated, meta, at)],
        };
      },
      { at: input.at },
    );
  }
}
