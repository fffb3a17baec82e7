import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/**
 * A simple alert for senders other than Alertmanager (scripts, other monitoring tools):
 *
 * ```json
 * { "source": "nagios", "status": "firing", "severity": "critical", "title": "Disk full on db-1",
 *   "description": "/var at 99%", "service": "billing", "labels": { "host": "db-1" } }
 * ```
 *
 * Without a `fingerprint`, one is computed from the labels, the source, the service and (unless the
 * labels carry an `alertname`) the title; see `genericFingerprint`. `url` links back to the sender and
 * `startsAt` says when the problem began (default: when the alert is received).
 */
export const genericAlertSchema = z.object({
  source: text(100),
  fingerprint: text(200).optional(),
  status: z.enum(['firing', 'resolved']),
  severity: text(50),
  title: text(500),
  description: z.string().max(20_000).optional(),
  service: text(100).optional(),
  labels: z.record(z.string().max(200), z.string().max(2_000)).optional(),
  url: z.url().max(2_000).optional(),
  startsAt: z.iso.datetime({ offset: true }).optional(),
});

/** One alert, or several in an array (at most 500 per request). */
export const genericAlertPayloadSchema = z.union([
  genericAlertSchema,
  z.array(genericAlertSchema).min(1).max(500),
]);

export type GenericAlert = z.output<typeof genericAlertSchema>;
