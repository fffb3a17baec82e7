import type { DataSource } from 'typeorm';
import type { DeduplicationPolicy } from './alert-deduplication';
import { type AlertIncidentPort, applyAlertWithin } from './apply-alert';
import type { IntakeContext, IntakeResult, IntakeSink } from './intake-sink';
import { KeyedSerializer } from './keyed-serializer';
import type { NormalizedAlert } from './normalized-alert';

/**
 * The alert half of an `IntakeSink`: each alert in its own transaction (`applyAlertWithin`), in order.
 *
 * Alerts of one fingerprint are also queued in this process before they take a connection. The database
 * serialises them anyway (they lock the same row), but a transaction waiting on that lock holds a pooled
 * connection: without the queue, a storm of 1,000 identical alerts parks the whole pool on one row and
 * every other request of the service (GraphQL included) waits behind it, until the pool's connection
 * timeout fails them. With it, a storm uses one connection per replica; replicas still meet at the row.
 */
export function createAlertReceiver(options: {
  dataSource: DataSource;
  /** The port, or one per request (e.g. to carry the request's correlation id onto the incident's events). */
  incidents: AlertIncidentPort | ((context: IntakeContext) => AlertIncidentPort);
  policy: DeduplicationPolicy;
  now?: () => Date;
}): IntakeSink['receiveAlerts'] {
  const queue = new KeyedSerializer();
  const { incidents } = options;
  const apply = (alert: NormalizedAlert, port: AlertIncidentPort) =>
    queue.run(alert.fingerprint, () =>
      options.dataSource.transaction((manager) =>
        applyAlertWithin(manager, alert, port, options.policy, options.now?.() ?? new Date()),
      ),
    );
  return async (alerts, context) => {
    const port = typeof incidents === 'function' ? incidents(context) : incidents;
    const results: IntakeResult[] = [];
    for (const alert of alerts) results.push(await apply(alert, port));
    return results;
  };
}
