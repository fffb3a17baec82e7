import { z } from 'zod';

/**
 * The body Prometheus Alertmanager POSTs to a `webhook_config` receiver (payload version "4"), as
 * captured from Alertmanager 0.25 in `fixtures/`. Unknown keys are dropped, not refused, so a newer
 * Alertmanager that adds a field still gets through.
 *
 * Alertmanager writes Go's zero time `0001-01-01T00:00:00Z` as `endsAt` of a firing alert, and
 * timestamps with up to nanosecond precision and a numeric offset.
 */
const timestamp = z.iso.datetime({ offset: true });
const labelSet = z.record(z.string(), z.string());
const alertStatus = z.enum(['firing', 'resolved']);

export const alertmanagerAlertSchema = z.object({
  status: alertStatus,
  labels: labelSet,
  annotations: labelSet,
  startsAt: timestamp,
  endsAt: timestamp,
  /** Empty when the alert was posted to Alertmanager's API without one. */
  generatorURL: z.string(),
  /** Alertmanager's hash of the alert's labels (16 hex digits). Absent before Alertmanager 0.19. */
  fingerprint: z.string().min(1).max(200).optional(),
});

export const alertmanagerWebhookSchema = z.object({
  version: z.literal('4'),
  receiver: z.string(),
  status: alertStatus,
  alerts: z.array(alertmanagerAlertSchema),
  groupLabels: labelSet,
  commonLabels: labelSet,
  commonAnnotations: labelSet,
  externalURL: z.string(),
  groupKey: z.string(),
  /** Alerts left out because of the receiver's `max_alerts`. Absent before Alertmanager 0.22. */
  truncatedAlerts: z.number().int().nonnegative().default(0),
});

export type AlertmanagerAlert = z.output<typeof alertmanagerAlertSchema>;
export type AlertmanagerWebhook = z.output<typeof alertmanagerWebhookSchema>;
