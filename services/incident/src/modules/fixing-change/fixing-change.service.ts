import { isUuid } from '@mim/service-kit';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { Incident } from '../incident/incident.entity';
import {
  type ChangeObservation,
  type FixingChangeRow,
  applyObservation,
  isImplementedFix,
} from './fixing-change.domain';
import { FixingChange } from './fixing-change.entity';

/** What the lifecycle reads of the read model when it resolves a major incident. */
export interface FixingChangeReader {
  /** The changes that fix the incident now (linked), oldest first, in the caller's transaction. */
  ofIncidentWithin(manager: EntityManager, incidentId: string): Promise<FixingChange[]>;
}

/**
 * The read model of the changes that fix each incident (fixing-change.domain.ts): written by the
 * change event consumers inside their inbox transaction, read by the resolution rule of major
 * incidents and by `Incident.hasImplementedFix`.
 */
export class FixingChangeService implements FixingChangeReader {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Applies one change event inside the consumer's transaction. The events of one change are applied
   * one at a time (a transaction-scoped advisory lock per change, taken before anything else), so the
   * requested and status_changed consumers never interleave on the same change.
   */
  async recordWithin(manager: EntityManager, observation: ChangeObservation): Promise<FixingChangeRow[]> {
    if (!isUuid(observation.changeId)) return [];
    await manager.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('incident_fixing_change:' || $1, 0))`,
      [observation.changeId],
    );
    const existing = await manager.getRepository(FixingChange).findBy({ changeId: observation.changeId });
    const candidates = [
      ...new Set(observation.fixesIncidentIds.filter(isUuid).map((id) => id.toLowerCase())),
    ];
    const known = candidates.length
      ? (
          await manager.getRepository(Incident).find({ select: { id: true }, where: { id: In(candidates) } })
        ).map((incident) => incident.id)
      : [];
    const rows = applyObservation(existing, observation, known);
    if (rows.length > 0) await manager.upsert(FixingChange, rows, ['incidentId', 'changeId']);
    return rows;
  }

  ofIncidentWithin(manager: EntityManager, incidentId: string): Promise<FixingChange[]> {
    return manager.getRepository(FixingChange).find({
      where: { incidentId, linked: true },
      order: { statusChangedAt: 'ASC', changeId: 'ASC' },
    });
  }

  /** Whether each incident has an implemented fix (a DataLoader's batch function), in the order asked. */
  async hasImplementedFix(incidentIds: readonly string[]): Promise<boolean[]> {
    const ids = [...new Set(incidentIds.filter(isUuid).map((id) => id.toLowerCase()))];
    const rows = ids.length
      ? await this.dataSource.getRepository(FixingChange).findBy({ incidentId: In(ids), linked: true })
      : [];
    const fixed = new Set(rows.filter(isImplementedFix).map((row) => row.incidentId));
    return incidentIds.map((id) => fixed.has(id.toLowerCase()));
  }
}
