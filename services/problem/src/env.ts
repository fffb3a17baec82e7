import { type ServiceEnv, parseEnv, recordNumberPrefix, serviceEnv } from '@mim/config';
import type { z } from 'zod';

const schema = serviceEnv(4002, {
  /** Problems are numbered PRB-000001 onwards; the prefix is configurable per installation. */
  PROBLEM_NUMBER_PREFIX: recordNumberPrefix('PRB'),
});

export type ProblemEnv = ServiceEnv & z.output<typeof schema>;

/** The only place this service reads process.env. */
export function readEnv(source: Record<string, string | undefined> = process.env): ProblemEnv {
  return parseEnv(schema, source);
}
