import type { EntityManager } from 'typeorm';
import { type SnapshotChange, applySnapshotChange } from './incident-snapshot.domain';
import { IncidentSnapshot } from './incident-snapshot.entity';

/**
 * Applies a fact to an incident's snapshot under its row lock, in the consumer's transaction, and returns
 * the snapshot as it now is. The lock orders the consumers of one incident's events (and the escalation
 * timer) so no update is lost between a read and a write.
 */
export async function recordSnapshotChange(
  manager: EntityManager,
  incidentId: string,
  change: SnapshotChange,
): Promise<IncidentSnapshot> {
  const known = await lockSnapshot(manager, incidentId);
  const next = applySnapshotChange(known, change);
  next.updatedAt = new Date();
  const { id, ...fields } = next;
  await manager.getRepository(IncidentSnapshot).update({ id }, fields);
  return next;
}

/** The snapshot of an incident, locked until the transaction ends; created empty when unknown. */
export async function lockSnapshot(manager: EntityManager, incidentId: string): Promise<IncidentSnapshot> {
  await manager.query(`INSERT INTO incident_snapshot (id) VALUES ($1) ON CONFLICT (id) DO NOTHING`, [
    incidentId,
  ]);
  const snapshot = await manager
    .getRepository(IncidentSnapshot)
    .findOne({ where: { id: incidentId }, lock: { mode: 'pessimistic_write' } });
  if (!snapshot) throw new Error(`incident snapshot ${incidentId} vanished inside its transaction`);
  return snapshot;
}
