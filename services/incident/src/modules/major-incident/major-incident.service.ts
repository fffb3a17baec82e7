import { type RequestMeta, parseInput } from '@mim/service-kit';
import type { Incident } from '../incident/incident.entity';
import { actorOf } from '../incident/incident.history';
import { requirePermission } from '../incident/incident.permissions';
import type { IncidentUpdater } from '../incident/incident-updater';
import { declareMajor } from './major-incident.domain';
import {
  majorDeclaredEntry,
  majorDeclaredEvent,
  serviceRestoredEntry,
  serviceRestoredEvent,
} from './major-incident.history';
import { declareMajorIncidentInput, recordServiceRestoredInput } from './major-incident.input';
import { restoreService } from './service-restoration.domain';

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

  /**
   * Records that service is restored for users (mitigation) while the incident stays open: the end of
   * its downtime. Whoever may resolve the incident may record it; admins may import a past `at`.
   */
  recordServiceRestored(meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    requirePermission(meta.caller, 'resolve');
    const input = parseInput(recordServiceRestoredInput, rawInput);
    return this.updater.update(
      meta,
      input.id,
      (incident, at) => {
        const state = restoreService(incident, input.expectedVersion, at);
        return {
          type: 'service_restored',
          changes: { serviceRestoredAt: state.serviceRestoredAt, version: state.version },
          timeline: [serviceRestoredEntry(input.note, actorOf(meta.caller), at)],
          events: (updated) => [serviceRestoredEvent(updated, input.note, meta, at)],
        };
      },
      { at: input.at },
    );
  }
}
