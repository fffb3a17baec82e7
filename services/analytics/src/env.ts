import { type ServiceEnv, parseEnv, serviceEnv } from '@mim/config';
import type { z } from 'zod';

const schema = serviceEnv(4005, {});

export type AnalyticsEnv = ServiceEnv & z.output<typeof schema>;

/** The only place this service reads process.env. */
export function readEnv(source: Record<string, string | undefined> = process.env): AnalyticsEnv {
  return parseEnv(schema, source);
}
