import type { TimelineEntryInput } from '../timeline/timeline.service';
import type { AlertTimelineEntry } from './alert-deduplication';
import type { NormalizedAlert } from './normalized-alert';

/**
 * What an alert becomes in the incident service: the input of `IncidentService.createWithin` and the
 * timeline entry of its resolution. Pure. Senders are not trusted to respect the incident's limits, so
 * texts are cut to fit and NUL characters (which PostgreSQL refuses) removed here: an alert is never
 * refused for its wording once it is authenticated and well formed.
 */
export const alertTextLimits = { title: 200, description: 20_000, name: 100, names: 50, reporter: 200 };

export function alertIncidentInput(alert: NormalizedAlert, now: Date) {
  const title = fit(alert.title, alertTextLimits.title) || 'Monitoring alert';
  return {
    title,
    description: fit(alert.description, alertTextLimits.description) || title,
    channel: 'MONITORING' as const,
    impact: alert.impact,
    urgency: alert.urgency,
    affectedServices: names(alert.affectedServices),
    configurationItems: names(alert.configurationItems),
    /** The incident's reporter is the sender (`alertmanager`, or a generic alert's `source`). */
    reporter: { name: fit(alert.source, alertTextLimits.reporter) || 'monitoring' },
    // A sender's clock may run ahead: a failure cannot start after it was reported.
    failureStartedAt: alert.startsAt.getTime() > now.getTime() ? now : alert.startsAt,
  };
}

/** The `monitoring_alert_resolved` timeline entry; the occurrence count travels in its detail. */
export function alertResolvedEntry(
  entry: AlertTimelineEntry,
  actor: TimelineEntryInput['actor'],
): TimelineEntryInput {
  return {
    kind: entry.kind.toLowerCase(),
    actor,
    source: 'intake',
    summary: fit(entry.summary, 1_000),
    occurredAt: entry.occurredAt,
    detail: {
      fingerprint: fit(entry.details.fingerprint, 200),
      source: fit(entry.details.source, 100),
      occurrences: entry.details.occurrences,
      sourceUrl: entry.details.sourceUrl === null ? null : fit(entry.details.sourceUrl, 2_000),
      resolvedAt: entry.occurredAt.toISOString(),
    },
  };
}

/** Without NUL, trimmed, at most `max` characters (an ellipsis marks a cut). */
export function fit(value: string, max: number): string {
  const clean = value.replaceAll('\u0000', '').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

function names(values: readonly string[]): string[] {
  const fitted = values.map((value) => fit(value, alertTextLimits.name)).filter((value) => value.length > 0);
  return [...new Set(fitted)].slice(0, alertTextLimits.names);
}
