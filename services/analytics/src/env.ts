import { type ServiceEnv, parseEnv, serviceEnv } from '@mim/config';
import { z } from 'zod';

const schema = serviceEnv(4005, {
  /**
   * Events each consumer handles at once. The projection is order-tolerant (every merge keeps the
   * version it came from), so events need not be handled one after another; a few at a time keep up
   * with a flood of tickets on a small machine.
   */
  ANALYTICS_CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** How often the metrics fact store polls incident_metrics for changes (the floor of the ingest lag). */
  ANALYTICS_REFRESH_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  /**
   * Points per series a metrics query may have: 1,500 covers four years by day (1,461), more than a chart
   * can show across a screen; longer ranges use weeks or months.
   */
  ANALYTICS_MAX_INTERVALS: z.coerce.number().int().min(1).default(1500),
  /** Intervals times estimated series a metrics query may compute (e.g. 24 months x 2,000 services). */
  ANALYTICS_MAX_BUCKETS: z.coerce.number().int().min(1).default(50_000),
});

export type AnalyticsEnv = ServiceEnv & z.output<typeof schema>;

/** The only place this service reads process.env. */
export function readEnv(source: Record<string, string | undefined> = process.env): AnalyticsEnv {
  return parseEnv(schema, source);
}
