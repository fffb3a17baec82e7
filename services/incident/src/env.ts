import { type ServiceEnv, parseEnv, recordNumberPrefix, serviceEnv } from '@mim/config';
import { z } from 'zod';
import { defaultPriorityMatrix, priorityMatrixSchema } from './modules/incident/priority';
import { slaEnvShape } from './modules/sla/sla.policy';
import { statusUpdateEnvShape } from './modules/status-update/status-update.cadence';
import { miCandidateEnvShape } from './modules/mi-candidate/mi-candidate.policy';

/** A JSON document in a variable; unset or blank means the default. */
const jsonEnv = <TSchema extends z.ZodType>(schema: TSchema, fallback: z.input<TSchema>) =>
  z
    .string()
    .optional()
    .transform((value, context): unknown => {
      if (value === undefined || value.trim() === '') return fallback;
      try {
        return JSON.parse(value);
      } catch {
        context.addIssue({ code: 'custom', message: 'must be a JSON document' });
        return z.NEVER;
      }
    })
    .pipe(schema);

/** Comma-separated secrets; unset or blank means none. Error messages never echo a secret. */
const secretList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((secret) => secret.trim())
      .filter((secret) => secret.length > 0),
  )
  .pipe(z.array(z.string().min(32, 'each secret must be at least 32 characters')));

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const schema = serviceEnv(4001, {
  /** Incidents are numbered INC-000001 onwards; the prefix is configurable per installation. */
  INCIDENT_NUMBER_PREFIX: recordNumberPrefix('INC'),
  /**
   * Impact x urgency -> priority, as JSON: `{"EXTENSIVE": {"CRITICAL": "P1", ...}, ...}`, every cell
   * given. Defaults to the usual ITIL matrix (priority.ts).
   */
  INCIDENT_PRIORITY_MATRIX: jsonEnv(priorityMatrixSchema, defaultPriorityMatrix),
  /** How long after its resolution an incident may be reopened; later, log a new one. */
  INCIDENT_REOPEN_WINDOW_HOURS: z.coerce.number().positive().max(8760).default(72),
  /** How far back staff may date a report taken by phone or email (`reportedAt`). */
  INCIDENT_MAX_BACKDATE_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /**
   * SLA targets per priority (JSON overrides of sla.policy.ts, in minutes or seconds) and the share of a
   * target left at which a clock turns AT_RISK (INCIDENT_SLA_POLICIES, INCIDENT_SLA_AT_RISK_PERCENT).
   */
  ...slaEnvShape,
  /**
   * DOMAIN.md, stage 3: a major incident is resolved by an implemented change. While true (the
   * default), resolveIncident refuses a major incident none of whose fixing changes is implemented
   * (FIX_NOT_IMPLEMENTED) unless the resolver gives resolutionWithoutChangeReason; false lets it through.
   */
  MAJOR_INCIDENT_RESOLUTION_REQUIRES_CHANGE: booleanFlag.default(true),
  /**
   * Minutes between status updates of an open major incident, per priority (modules/status-update):
   * JSON (`{"P1": 30}`) or `P1=30,P2=60`, over the defaults P1 30, P2 60, others 120. Past the due time
   * with no update: incident.status_update_overdue.v1.
   */
  ...statusUpdateEnvShape,
  /**
   * Major incident candidates (modules/mi-candidate): MI_CANDIDATE_THRESHOLD incidents (5) on one
   * service or with similar text (pg_trgm similarity >= MI_CANDIDATE_SIMILARITY, 0.4) reported within
   * MI_CANDIDATE_WINDOW_MINUTES (15) raise one.
   */
  ...miCandidateEnvShape,
  /**
   * Monitoring and email intake (`modules/intake`): secrets for `Authorization: Bearer` and for HMAC
   * signatures. Intake is off (its routes are not mounted) while neither is set.
   */
  INTAKE_BEARER_SECRETS: secretList,
  INTAKE_HMAC_SECRETS: secretList,
  /** Resolve the incident when its monitoring alert resolves (otherwise a person confirms it). */
  INTAKE_AUTO_RESOLVE: booleanFlag.default(true),
  /** Largest alert payload accepted (413 beyond). */
  INTAKE_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  /** Largest raw email accepted, attachments included (413 beyond). */
  INTAKE_EMAIL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(10 * 1024 * 1024),
});

export type IncidentEnv = ServiceEnv & z.output<typeof schema>;

/** The only place this service reads process.env. */
export function readEnv(source: Record<string, string | undefined> = process.env): IncidentEnv {
  return parseEnv(schema, source);
}
