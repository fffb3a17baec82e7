import type { EntityManager } from 'typeorm';
import { Incident } from '../incident/incident.entity';
import type { IncidentLifecycleService } from '../incident/incident-lifecycle.service';
import type { IncidentChange, IncidentChangeListener } from '../incident/incident-updater';
import { childResolution } from './incident-link.domain';
import type { IncidentLinkService } from './incident-link.service';

/**
 * An incident listener: when a major incident is resolved, its open children are resolved in the same
 * transaction, each through the lifecycle (its own rules, timeline entry and incident.status_changed.v1,
 * on which the notification service tells its reporter). Children are locked in id order after the
 * parent, the order linking locks them in. `lifecycle` is late-bound: the lifecycle itself runs the
 * listeners.
 */
export function resolveChildrenWithParent(
  links: Pick<IncidentLinkService, 'childIdsWithin'>,
  lifecycle: () => Pick<IncidentLifecycleService, 'resolveWithin'>,
): IncidentChangeListener {
  return async (manager: EntityManager, change: IncidentChange): Promise<void> => {
    if (change.type !== 'status_changed' || change.incident.status !== 'RESOLVED') return;
    if (change.previous?.status === 'RESOLVED') return;
    const parent = change.incident;
    const childIds = await links.childIdsWithin(manager, parent.id);
    for (const childId of childIds) {
      const child = await manager.findOne(Incident, {
        where: { id: childId },
        lock: { mode: 'pessimistic_write' },
      });
      const resolution = child ? childResolution(parent, child) : null;
      if (!child || !resolution) continue;
      await lifecycle().resolveWithin(manager, change.meta, {
        id: child.id,
        expectedVersion: child.version,
        ...resolution,
      });
    }
  };
}
