import type { ParsedEmail } from './email-intake';
import type { IntakeAuthMethod } from './intake-auth';
import type { NormalizedAlert } from './normalized-alert';

/**
 * Where the intake router hands what it received, once authenticated and validated. The service wiring
 * implements it with the incident use cases (alerts: one `applyAlertWithin` transaction per alert;
 * email: a comment on the referenced incident, or a new incident). A thrown DomainError becomes its
 * stable code; anything else a 500, which Alertmanager retries: deduplication makes that safe.
 */
export interface IntakeSink {
  receiveAlerts(alerts: NormalizedAlert[], context: IntakeContext): Promise<IntakeResult[]>;
  receiveEmail(email: ParsedEmail, context: IntakeContext): Promise<IntakeResult>;
}

export interface IntakeContext {
  correlationId: string;
  /** How the sender authenticated. */
  authMethod: IntakeAuthMethod;
  /** Which endpoint received it. */
  endpoint: 'alertmanager' | 'alerts' | 'email';
}

export type IntakeOutcome =
  'INCIDENT_CREATED' | 'OCCURRENCE_ADDED' | 'ALERT_RESOLVED' | 'IGNORED' | 'COMMENT_ADDED';

/** What happened to one alert or message; the endpoints answer 202 with a list of them. */
export interface IntakeResult {
  outcome: IntakeOutcome;
  incidentId: string | null;
  /** Known when the incident was created or looked up by number. */
  incidentNumber?: string | null;
  fingerprint?: string;
  occurrences?: number;
}
