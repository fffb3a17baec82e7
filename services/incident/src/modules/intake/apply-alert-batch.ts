import type { DataSource, EntityManager } from 'typeorm';
import type { DeduplicationPolicy } from './alert-deduplication';
import { type AlertIncidentPort, applyAlertWithin, openGroupIncident } from './apply-alert';
import type { IntakeResult } from './intake-sink';
import type { NormalizedAlert } from './normalized-alert';

/** An alert waiting for its fingerprint's next batch, with the port of the request that brought it. */
export interface QueuedAlert {
  alert: NormalizedAlert;
  port: AlertIncidentPort;
}

/**
 * Applies queued alerts of ONE fingerprint, in their order, in ONE transaction: an alert storm costs
 * one commit per batch instead of one per alert. Each alert is carried out as it would be alone
 * (`applyAlertWithin` on the batch's EntityManager), after the ones before it, so each gets the outcome
 * it would have had in its own transaction.
 *
 * Failure isolation. When the batch's transaction fails (an alert that cannot be applied, a deadlock, a
 * lost connection), its alerts are applied again one by one, each in its own transaction: every alert
 * gets its own outcome or its own error, and one bad alert fails alone. Nothing is lost: an alert's
 * outcome is only given once a transaction holding it has committed. (A COMMIT that fails with an unknown
 * outcome can make the retry count an occurrence twice, as Alertmanager retrying a 5xx does.)
 *
 * Lock order. An incident row is locked before its alert group (`AlertIncidentPort.lockIncident`). A lone
 * resolved alert does so by itself; in a batch, alerts before it already hold the group. So a batch with
 * a resolved alert locks the open group's incident FIRST, before any alert. After the first alert, the
 * batch takes no other incident lock than those it took or the incidents it created (which nobody else
 * can see yet): one more would come after the group lock, and could deadlock against a person resolving
 * that incident. That happens only when the open group changed under the batch (another replica opened
 * it); the batch then gives up and its alerts go one by one.
 */
export async function applyAlertBatch(
  dataSource: DataSource,
  fingerprint: string,
  batch: QueuedAlert[],
  policy: DeduplicationPolicy,
  now: () => Date,
): Promise<PromiseSettledResult<IntakeResult>[]> {
  if (batch.length > 1) {
    try {
      const results = await dataSource.transaction((manager) =>
        applyInOrder(manager, fingerprint, batch, policy, now),
      );
      return results.map((value) => ({ status: 'fulfilled', value }));
    } catch {
      // Rolled back: each alert again, alone (below), for its own outcome or error.
    }
  }
  const settled: PromiseSettledResult<IntakeResult>[] = [];
  for (const { alert, port } of batch) {
    try {
      const value = await dataSource.transaction((manager) =>
        applyAlertWithin(manager, alert, port, policy, now()),
      );
      settled.push({ status: 'fulfilled', value });
    } catch (reason) {
      settled.push({ status: 'rejected', reason });
    }
  }
  return settled;
}

/** An incident lock the batch may not take (see the lock order above): the batch goes one by one. */
class IncidentLockAfterGroup extends Error {
  constructor(incidentId: string) {
    super(`Incident ${incidentId} would be locked after its alert group; applying the alerts one by one`);
  }
}

async function applyInOrder(
  manager: EntityManager,
  fingerprint: string,
  batch: QueuedAlert[],
  policy: DeduplicationPolicy,
  now: () => Date,
): Promise<IntakeResult[]> {
  /** Incidents this transaction has locked or created. */
  const held = new Set<string>();
  let applied = 0;

  const resolving = batch.find(({ alert }) => alert.status === 'RESOLVED')?.port;
  if (resolving?.lockIncident) {
    const incidentId = await openGroupIncident(manager, fingerprint);
    if (incidentId) {
      await resolving.lockIncident(manager, incidentId);
      held.add(incidentId);
    }
  }

  /** The request's port, keeping the lock order of a batch (see `applyAlertBatch`). */
  const inBatch = (port: AlertIncidentPort): AlertIncidentPort => ({
    createIncident: async (entityManager, alert) => {
      const incident = await port.createIncident(entityManager, alert);
      held.add(incident.id);
      return incident;
    },
    addTimelineEntry: (entityManager, incidentId, entry) =>
      port.addTimelineEntry(entityManager, incidentId, entry),
    resolveIncident: (entityManager, incidentId, entry) =>
      port.resolveIncident(entityManager, incidentId, entry),
    ...(port.lockIncident && {
      lockIncident: async (entityManager: EntityManager, incidentId: string) => {
        if (held.has(incidentId)) return;
        if (applied > 0) throw new IncidentLockAfterGroup(incidentId);
        await port.lockIncident?.(entityManager, incidentId);
        held.add(incidentId);
      },
    }),
  });

  const results: IntakeResult[] = [];
  for (const { alert, port } of batch) {
    results.push(await applyAlertWithin(manager, alert, inBatch(port), policy, now()));
    applied += 1;
  }
  return results;
}
