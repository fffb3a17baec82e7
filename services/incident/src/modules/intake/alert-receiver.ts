import type { DataSource } from 'typeorm';
import type { DeduplicationPolicy } from './alert-deduplication';
import { type QueuedAlert, applyAlertBatch } from './apply-alert-batch';
import type { AlertIncidentPort } from './apply-alert';
import type { IntakeContext, IntakeResult, IntakeSink } from './intake-sink';
import { KeyedBatcher } from './keyed-batcher';

/** Alerts of one fingerprint applied in one transaction at most, so that transaction stays short. */
export const defaultMaxAlertBatch = 100;

/**
 * The alert half of an `IntakeSink`: a request's alerts in order, each answered once committed, with
 * its own outcome.
 *
 * Alerts of one fingerprint are queued in this process before they take a connection, and applied in
 * group commits: while one batch of a fingerprint is applied, the alerts of that fingerprint that arrive
 * wait; then they are applied together, in arrival order, in one transaction (`applyAlertBatch`; at
 * most `maxBatch` at a time; a failed batch is applied again alert by alert). The database serialises
 * them anyway (they lock the same row), but a transaction waiting on that lock holds a pooled connection:
 * without the queue, a storm of 1,000 identical alerts parks the whole pool on one row and every other
 * request of the service (GraphQL included) waits behind it, until the pool's connection timeout fails
 * them. With it, a storm uses one connection per replica and one commit per batch instead of one per
 * alert; replicas still meet at the row.
 */
export function createAlertReceiver(options: {
  dataSource: DataSource;
  /** The port, or one per request (e.g. to carry the request's correlation id onto the incident's events). */
  incidents: AlertIncidentPort | ((context: IntakeContext) => AlertIncidentPort);
  policy: DeduplicationPolicy;
  now?: () => Date;
  /** Most alerts of one fingerprint in one transaction; `defaultMaxAlertBatch` when not given. */
  maxBatch?: number;
}): IntakeSink['receiveAlerts'] {
  const { dataSource, incidents, policy } = options;
  const now = () => options.now?.() ?? new Date();
  const batches = new KeyedBatcher<QueuedAlert, IntakeResult>(
    (fingerprint, batch) => applyAlertBatch(dataSource, fingerprint, batch, policy, now),
    options.maxBatch ?? defaultMaxAlertBatch,
  );
  return async (alerts, context) => {
    const port = typeof incidents === 'function' ? incidents(context) : incidents;
    const results: IntakeResult[] = [];
    for (const alert of alerts) results.push(await batches.submit(alert.fingerprint, { alert, port }));
    return results;
  };
}
