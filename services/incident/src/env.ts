import { type ServiceEnv, parseEnv, serviceEnv } from '@mim/config';
import { z } from 'zod';

const schema = serviceEnv(4001, {
  /** Incidents are numbered INC-000001 onwards; the prefix is configurable per installation. */
  INCIDENT_NUMBER_PREFIX: z
    .string()
    .regex(/^[A-Z]{2,6}$/)
    .default('INC'),
});

export type IncidentEnv = ServiceEnv & z.output<typeof schema>;

/** The only place this service reads process.env. */
export function readEnv(source: Record<string, string | undefined> = process.env): IncidentEnv {
  return parseEnv(schema, source);
}
