import type { EntityManager } from 'typeorm';
import { isOpen } from '../incident/incident.domain';
import type { IncidentChange } from '../incident/incident-updater';
import { AlertGroup } from './alert-group.entity';

/**
 * An incident listener (`createIncidentModule(..., listeners)`): when a person resolves, closes or
 * cancels an incident whose alert group is still OPEN, the group is marked RESOLVED in the same
 * transaction. The alert's later notifications then open a new incident instead of counting on one
 * nobody watches any more. (The alert resolving by itself marks its group in `applyAlertWithin`.)
 *
 * Lock order: the incident row (locked by the change) before the group row; a resolved alert takes them
 * in the same order (`AlertIncidentPort.lockIncident`), so the two cannot deadlock.
 */
export async function resolveAlertGroupOfEndedIncident(
  manager: EntityManager,
  change: IncidentChange,
): Promise<void> {
  if (change.type !== 'status_changed' || isOpen(change.incident.status)) return;
  await manager.update(
    AlertGroup,
    { incidentId: change.incident.id, status: 'OPEN' },
    { status: 'RESOLVED', resolvedAt: change.at },
  );
}
