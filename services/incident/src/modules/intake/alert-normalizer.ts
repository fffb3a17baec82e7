import { createHash } from 'node:crypto';
import { type SeverityMapping, classify, defaultSeverityMapping, parseSeverity } from './alert-severity';
import type { AlertmanagerAlert, AlertmanagerWebhook } from './alertmanager.schema';
import type { GenericAlert } from './generic-alert.schema';
import type { AlertSeverity, NormalizedAlert } from './normalized-alert';

/** Pure mappings from what senders send to `NormalizedAlert`; nothing here does I/O. */
export interface NormalizerOptions {
  severityMapping?: SeverityMapping;
  /** For a missing or unknown severity. */
  defaultSeverity?: AlertSeverity;
  /** Labels naming the affected service, all taken when present. */
  serviceLabels?: readonly string[];
  /** Labels naming the failed configuration items (hosts, instances), all taken when present. */
  configurationItemLabels?: readonly string[];
}

const defaults = {
  severityMapping: defaultSeverityMapping,
  defaultSeverity: 'warning',
  serviceLabels: ['service'],
  configurationItemLabels: ['ci', 'configuration_item', 'instance'],
} satisfies Required<NormalizerOptions>;

const titleMax = 200;
const descriptionMax = 20_000;

export function normalizeAlertmanagerWebhook(
  payload: AlertmanagerWebhook,
  options: NormalizerOptions = {},
): NormalizedAlert[] {
  return payload.alerts.map((alert) => normalizeAlertmanagerAlert(alert, options));
}

export function normalizeAlertmanagerAlert(
  alert: AlertmanagerAlert,
  options: NormalizerOptions = {},
): NormalizedAlert {
  const settings = { ...defaults, ...options };
  const { labels, annotations } = alert;
  const target = labels.instance ? ` on ${labels.instance}` : '';
  const title = nonEmpty(annotations.summary) ?? `${labels.alertname ?? 'Alert'}${target}`;
  const severity = parseSeverity(labels.severity, settings.defaultSeverity);
  const resolved = alert.status === 'resolved';
  return {
    fingerprint: nonEmpty(alert.fingerprint) ?? labelFingerprint(labels),
    status: resolved ? 'RESOLVED' : 'FIRING',
    source: 'alertmanager',
    title: truncate(title, titleMax),
    description: describe(
      nonEmpty(annotations.description) ?? nonEmpty(annotations.message) ?? title,
      annotations.runbook_url,
      labels,
    ),
    severity,
    ...classify(severity, labels, settings.severityMapping),
    affectedServices: labelValues(labels, settings.serviceLabels),
    configurationItems: labelValues(labels, settings.configurationItemLabels),
    startsAt: new Date(alert.startsAt),
    // A firing alert's endsAt is Go's zero time (or a provisional expiry): it has not ended.
    endsAt: resolved ? realTime(alert.endsAt) : null,
    labels: { ...labels },
    sourceUrl: nonEmpty(alert.generatorURL) ?? null,
  };
}

export function normalizeGenericAlert(
  alert: GenericAlert,
  receivedAt: Date,
  options: NormalizerOptions = {},
): NormalizedAlert {
  const settings = { ...defaults, ...options };
  const labels = { ...alert.labels };
  const severity = parseSeverity(alert.severity, settings.defaultSeverity);
  const resolved = alert.status === 'resolved';
  const services = alert.service ? [alert.service] : [];
  return {
    fingerprint: alert.fingerprint ? `${alert.source}:${alert.fingerprint}` : genericFingerprint(alert),
    status: resolved ? 'RESOLVED' : 'FIRING',
    source: alert.source,
    title: truncate(alert.title, titleMax),
    description: describe(nonEmpty(alert.description?.trim()) ?? alert.title, undefined, labels),
    severity,
    ...classify(severity, labels, settings.severityMapping),
    affectedServices: unique([...services, ...labelValues(labels, settings.serviceLabels)]),
    configurationItems: labelValues(labels, settings.configurationItemLabels),
    startsAt: alert.startsAt ? new Date(alert.startsAt) : receivedAt,
    endsAt: resolved ? receivedAt : null,
    labels,
    sourceUrl: alert.url ?? null,
  };
}

/**
 * A generic alert's identity when the sender gives no fingerprint: its labels, source and service, and
 * its title unless a label `alertname` names the alert. Keep changing values (a percentage, a count)
 * out of the title and labels, or every alert will open a new incident.
 */
export function genericFingerprint(alert: GenericAlert): string {
  const labels = alert.labels ?? {};
  return labelFingerprint({
    ...labels,
    __source__: alert.source,
    __service__: alert.service ?? '',
    alertname: labels.alertname ?? alert.title,
  });
}

/** A stable hash of a label set: the same labels in any order give the same 16 hex digits. */
export function labelFingerprint(labels: Record<string, string>): string {
  const canonical = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

function describe(text: string, runbookUrl: string | undefined, labels: Record<string, string>): string {
  const parts = [text.trim()];
  if (nonEmpty(runbookUrl)) parts.push(`Runbook: ${runbookUrl}`);
  const pairs = Object.entries(labels).map(([name, value]) => `${name}=${value}`);
  if (pairs.length > 0) parts.push(`Labels: ${pairs.join(', ')}`);
  return truncate(parts.join('\n\n'), descriptionMax);
}

function labelValues(labels: Record<string, string>, names: readonly string[]): string[] {
  return unique(names.map((name) => labels[name]?.trim() ?? '').filter((value) => value.length > 0));
}

/** Go writes an unset time as year 1; anything before 1970 is not a real end. */
function realTime(value: string): Date | null {
  const date = new Date(value);
  return date.getTime() > 0 ? date : null;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim().length > 0 ? value : undefined;
}

function truncate(value: string, max: number): string {
  const trimmed = value.trim();
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1)}…`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
