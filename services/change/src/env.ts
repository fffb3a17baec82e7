import { type ServiceEnv, parseEnv, recordNumberPrefix, serviceEnv } from '@mim/config';
import type { z } from 'zod';

const schema = serviceEnv(4003, {
  /** Change requests are numbered CHG-000001 onwards; the prefix is configurable per installation. */
  CHANGE_NUMBER_PREFIX: recordNumberPrefix('CHG'),
});

export type ChangeEnv = ServiceEnv & z.output<typeof schema>;

/** The only place this service reads process.env. */
export function readEnv(source: Record<string, string | undefined> = process.env): ChangeEnv {
  return parseEnv(schema, source);
}
