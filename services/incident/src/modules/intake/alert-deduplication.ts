import type { NormalizedAlert } from './normalized-alert';

/**
 * What to do with an incoming alert, given the open alert group of its fingerprint (or none). Pure:
 * `applyAlertWithin` loads the group under a row lock, asks this function, and carries the decision out.
 *
 * | incoming | open group | decision                                                           |
 * |----------|------------|--------------------------------------------------------------------|
 * | firing   | none       | CREATE_INCIDENT (a new group with one occurrence)                   |
 * | firing   | yes        | ADD_OCCURRENCE (count + 1, last seen = now; no new timeline entry)  |
 * | resolved | yes        | MARK_RESOLVED (timeline entry; resolve the incident if autoResolve) |
 * | resolved | none       | IGNORE (nothing is open: a late or repeated resolution)             |
 *
 * Alertmanager re-sends firing alerts (every `repeat_interval`, and on 5xx retries): each one is an
 * occurrence of the same group, never a second incident. Once resolved, a group is closed for good; the
 * same fingerprint firing again opens a new group and a new incident.
 */
export interface OpenAlertGroup {
  id: string;
  /** Set in the transaction that created the group, so never null once committed. */
  incidentId: string | null;
  occurrences: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export interface DeduplicationPolicy {
  /** Resolve the incident when its alert resolves (otherwise a person confirms the resolution). */
  autoResolve: boolean;
}

export interface AlertTimelineEntry {
  kind: 'MONITORING_ALERT_RESOLVED';
  summary: string;
  occurredAt: Date;
  details: { fingerprint: string; source: string; occurrences: number; sourceUrl: string | null };
}

export type AlertDecision =
  | { kind: 'CREATE_INCIDENT'; firstSeenAt: Date }
  | {
      kind: 'ADD_OCCURRENCE';
      groupId: string;
      incidentId: string | null;
      occurrences: number;
      lastSeenAt: Date;
    }
  | {
      kind: 'MARK_RESOLVED';
      groupId: string;
      incidentId: string | null;
      resolvedAt: Date;
      resolveIncident: boolean;
      timelineEntry: AlertTimelineEntry;
    }
  | { kind: 'IGNORE'; reason: string };

export function decideAlert(
  open: OpenAlertGroup | null,
  alert: NormalizedAlert,
  policy: DeduplicationPolicy,
  now: Date,
): AlertDecision {
  switch (alert.status) {
    case 'FIRING':
      if (!open) return { kind: 'CREATE_INCIDENT', firstSeenAt: now };
      return {
        kind: 'ADD_OCCURRENCE',
        groupId: open.id,
        incidentId: open.incidentId,
        occurrences: open.occurrences + 1,
        lastSeenAt: later(open.lastSeenAt, now),
      };
    case 'RESOLVED': {
      if (!open) return { kind: 'IGNORE', reason: 'no open alert group for this fingerprint' };
      const resolvedAt = alert.endsAt ?? now;
      const times = open.occurrences === 1 ? 'once' : `${open.occurrences} times`;
      return {
        kind: 'MARK_RESOLVED',
        groupId: open.id,
        incidentId: open.incidentId,
        resolvedAt,
        resolveIncident: policy.autoResolve,
        timelineEntry: {
          kind: 'MONITORING_ALERT_RESOLVED',
          summary: `Alert resolved at the source (${alert.source}) after firing ${times}: ${alert.title}`,
          occurredAt: resolvedAt,
          details: {
            fingerprint: alert.fingerprint,
            source: alert.source,
            occurrences: open.occurrences,
            sourceUrl: alert.sourceUrl,
          },
        },
      };
    }
  }
}

function later(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}
