import { Counter, Histogram, type Registry } from 'prom-client';

export type DeliveryOutcomeLabel = 'sent' | 'retry' | 'dead_lettered' | 'superseded';

export interface DeliveryMetrics {
  /** `mim_notification_deliveries_total{channel,outcome}`: attempts by how they were recorded. */
  recorded(channel: string, outcome: DeliveryOutcomeLabel, count?: number): void;
  /** `mim_notification_delivery_attempt_seconds{channel}`: one SMTP or HTTP attempt, send to answer. */
  attemptDuration(channel: string, seconds: number): void;
}

const deliveriesName = 'mim_notification_deliveries_total';
const durationName = 'mim_notification_delivery_attempt_seconds';

/**
 * The dispatcher's metrics on the service's registry (the one `/metrics` serves). Idempotent per registry:
 * a second dispatcher in the same process (tests) shares the series instead of failing to register.
 */
export function deliveryMetrics(registry: Registry): DeliveryMetrics {
  const deliveries =
    (registry.getSingleMetric(deliveriesName) as Counter<'channel' | 'outcome'> | undefined) ??
    new Counter({
      name: deliveriesName,
      help: 'Email and webhook delivery attempts by outcome (sent, retry, dead_lettered; superseded: the claim was lost)',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    });
  const duration =
    (registry.getSingleMetric(durationName) as Histogram<'channel'> | undefined) ??
    new Histogram({
      name: durationName,
      help: 'Duration of one email or webhook attempt, from sending to the answer',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
  return {
    recorded: (channel, outcome, count = 1) => deliveries.inc({ channel, outcome }, count),
    attemptDuration: (channel, seconds) => duration.observe({ channel }, seconds),
  };
}
