import { type ServiceEnv, parseEnv, recordNumberPrefix, serviceEnv } from '@mim/config';
import type { z } from 'zod';

const schema = serviceEnv(4001, {
  /** Incidents are numbered INC-000001 onwards; the prefix is configurable per installation. */
  INCIDENT_NUMBER_PREFIX: recordNumberPrefix('INC'),
});

export type IncidentEnv = ServiceEnv & z.output<typeof schema>;

/** The only place this service reads process.env. */
export function readEnv(source: Record<string, string | undefined> = process.env): IncidentEnv {
  return parseEnv(schema, source);
}
