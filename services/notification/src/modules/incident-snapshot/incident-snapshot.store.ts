import type { EntityManager } from 'typeorm';
import { type SnapshotChange, applySnapshotChange, emptySnapshot } from './incident-snapshot.domain';
import { IncidentSnapshot } from './incident-snapshot.entity';

/** A fact applied to a snapshot: the snapshot as it now is, and as it was (null: the incident's first fact). */
export interface RecordedChange {
  snapshot: IncidentSnapshot;
  before: IncidentSnapshot | null;
}

/**
 * Applies a fact to an incident's snapshot under its row lock, in the consumer's transaction. The lock
 * orders the transactions of one incident's events (any subject, any number at once, and the escalation
 * timer) so no update is lost between a read and a write. Two round trips: the locked read, then the
 * update, or the insert of the incident's first fact (which holds the new row's lock until commit).
 */
export async function recordSnapshotChange(
  manager: EntityManager,
  incidentId: string,
  change: SnapshotChange,
): Promise<RecordedChange> {
  // A second pass only when another transaction inserted the row between the read and the insert.
  for (let pass = 0; pass < 2; pass += 1) {
    const before = await findLocked(manager, incidentId);
    const snapshot = applySnapshotChange(before ?? emptySnapshot(incidentId), change);
    snapshot.updatedAt = new Date();
    if (before) {
      const { id, ...fields } = snapshot;
      await manager.getRepository(IncidentSnapshot).update({ id }, fields);
      return { snapshot, before };
    }
    if (await insertIfAbsent(manager, snapshot)) return { snapshot, before: null };
  }
  throw new Error(`incident snapshot ${incidentId} neither found nor inserted`);
}

/** The snapshot of an incident, locked until the transaction ends; created empty when unknown. */
export async function lockSnapshot(manager: EntityManager, incidentId: string): Promise<IncidentSnapshot> {
  await manager.query(`INSERT INTO incident_snapshot (id) VALUES ($1) ON CONFLICT (id) DO NOTHING`, [
    incidentId,
  ]);
  const snapshot = await findLocked(manager, incidentId);
  if (!snapshot) throw new Error(`incident snapshot ${incidentId} vanished inside its transaction`);
  return snapshot;
}

/**
 * The row, locked (FOR UPDATE), or null. A row another transaction is inserting is not seen: the insert
 * that follows then waits for that transaction and finds the conflict.
 */
function findLocked(manager: EntityManager, incidentId: string): Promise<IncidentSnapshot | null> {
  return manager
    .getRepository(IncidentSnapshot)
    .findOne({ where: { id: incidentId }, lock: { mode: 'pessimistic_write' } });
}

/**
 * Inserts the first snapshot of an incident; false if a row exists (a concurrent first fact won: once its
 * transaction commits, the unique key reports the conflict and the caller reads the row again).
 */
async function insertIfAbsent(manager: EntityManager, snapshot: IncidentSnapshot): Promise<boolean> {
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(IncidentSnapshot)
    .values(snapshot)
    .orIgnore()
    .returning('id')
    .updateEntity(false)
    .execute();
  return (result.raw as unknown[]).length > 0;
}
