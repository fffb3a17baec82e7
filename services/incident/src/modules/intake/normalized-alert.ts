import type { Impact, Urgency } from '@mim/contracts';

export type AlertSeverity = 'critical' | 'warning' | 'info';
export type AlertStatus = 'FIRING' | 'RESOLVED';

/** One alert, whatever sent it: what deduplication and incident creation need. */
export interface NormalizedAlert {
  /** Identity of the alert: the same problem on the same target always has the same fingerprint. */
  fingerprint: string;
  status: AlertStatus;
  /** `alertmanager`, or the generic alert's `source`. */
  source: string;
  /** At most 200 characters (an incident title's limit). */
  title: string;
  description: string;
  severity: AlertSeverity;
  impact: Impact;
  urgency: Urgency;
  affectedServices: string[];
  configurationItems: string[];
  /** When the problem began, as the sender says (the incident's failure start, for MTTD). */
  startsAt: Date;
  /** When it ended; null while firing. */
  endsAt: Date | null;
  labels: Record<string, string>;
  /** A link back to the sender (Prometheus graph, monitoring console), when it gives one. */
  sourceUrl: string | null;
}
