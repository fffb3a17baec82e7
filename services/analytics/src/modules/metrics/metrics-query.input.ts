import { intakeChannelSchema, prioritySchema, supportTierSchema } from '@mim/contracts';
import { z } from 'zod';
import { metricsDimensions } from './metrics-dimensions';

const maxListLength = 200;
const names = z.array(z.string().trim().min(1).max(200)).max(maxListLength).nullish();

/** The arguments of `metrics` and `metricsCsv`; the range itself is checked by `assertMetricsRange`. */
export const metricsQueryInput = z.object({
  range: z.object({ from: z.date(), to: z.date() }),
  filter: z
    .object({
      services: names,
      priorities: z.array(prioritySchema).max(maxListLength).nullish(),
      categories: names,
      channels: z.array(intakeChannelSchema).max(maxListLength).nullish(),
      tiers: z.array(supportTierSchema).max(maxListLength).nullish(),
      teams: names,
      majorOnly: z.boolean().nullish(),
    })
    .nullish()
    .transform((filter) => filter ?? {}),
  groupBy: z
    .array(z.enum(metricsDimensions))
    .nullish()
    .transform((groupBy) => groupBy ?? [])
    .refine((groupBy) => new Set(groupBy).size === groupBy.length, 'must not repeat a dimension'),
  interval: z
    .enum(['DAY', 'WEEK', 'MONTH'])
    .nullish()
    .transform((interval) => interval ?? 'MONTH'),
});

export type MetricsQueryInput = z.input<typeof metricsQueryInput>;
