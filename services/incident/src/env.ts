import { type ServiceEnv, parseEnv, recordNumberPrefix, serviceEnv } from '@mim/config';
import { z } from 'zod';
import { defaultPriorityMatrix, priorityMatrixSchema } from './modules/incident/priority';

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
});

export type IncidentEnv = ServiceEnv & z.output<typeof schema>;

/** The only place this service reads process.env. */
export function readEnv(source: Record<string, string | undefined> = process.env): IncidentEnv {
  return parseEnv(schema, source);
}
