import { type Impact, type Urgency, impactSchema, urgencySchema } from '@mim/contracts';
import type { AlertSeverity } from './normalized-alert';

/**
 * How an alert's severity becomes impact and urgency, hence priority through the incident matrix.
 *
 * | severity | urgency  | impact      | default matrix priority |
 * |----------|----------|-------------|-------------------------|
 * | critical | CRITICAL | SIGNIFICANT | P2                      |
 * | warning  | HIGH     | MODERATE    | P4                      |
 * | info     | LOW      | MINOR       | P5                      |
 *
 * Monitoring knows how fast something must be fixed (urgency) far better than how many users are hurt
 * (impact), so even a critical alert stops short of EXTENSIVE impact: P1, and the decision to declare a
 * major incident, stay with a person (DOMAIN.md). A sender that knows better sets the `impact` and/or
 * `urgency` label (ITIL names, any case), which wins over the severity. The table is configurable.
 */
export type SeverityMapping = Record<AlertSeverity, { impact: Impact; urgency: Urgency }>;

export const defaultSeverityMapping: SeverityMapping = {
  critical: { impact: 'SIGNIFICANT', urgency: 'CRITICAL' },
  warning: { impact: 'MODERATE', urgency: 'HIGH' },
  info: { impact: 'MINOR', urgency: 'LOW' },
};

/** Spellings monitoring tools use for the three severities (compared in lower case). */
const severityAliases: Record<string, AlertSeverity> = {
  critical: 'critical',
  crit: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  page: 'critical',
  warning: 'warning',
  warn: 'warning',
  error: 'warning',
  major: 'warning',
  minor: 'warning',
  info: 'info',
  informational: 'info',
  notice: 'info',
  none: 'info',
};

/** The severity a label or field names; an unknown or missing one gives `fallback`. */
export function parseSeverity(value: string | undefined, fallback: AlertSeverity): AlertSeverity {
  if (value === undefined) return fallback;
  return severityAliases[value.trim().toLowerCase()] ?? fallback;
}

/** Impact and urgency for a severity, each overridden by a valid `impact` / `urgency` label. */
export function classify(
  severity: AlertSeverity,
  labels: Record<string, string>,
  mapping: SeverityMapping = defaultSeverityMapping,
): { impact: Impact; urgency: Urgency } {
  const impact = impactSchema.safeParse(labels.impact?.trim().toUpperCase());
  const urgency = urgencySchema.safeParse(labels.urgency?.trim().toUpperCase());
  return {
    impact: impact.success ? impact.data : mapping[severity].impact,
    urgency: urgency.success ? urgency.data : mapping[severity].urgency,
  };
}
