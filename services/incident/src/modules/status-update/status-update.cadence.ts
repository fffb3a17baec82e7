import { type Priority, prioritySchema } from '@mim/contracts';
import { z } from 'zod';

/** Minutes between two status updates of an open major incident, per priority. */
export type StatusUpdateCadence = Record<Priority, number>;

/** Every 30 minutes for a P1, hourly for a P2, every two hours otherwise. */
export const defaultStatusUpdateCadence: StatusUpdateCadence = { P1: 30, P2: 60, P3: 120, P4: 120, P5: 120 };

/** A week at most; fractions of a minute are allowed (e.g. 0.05, 3 seconds, for tests and drills). */
const minutes = z
  .number()
  .positive('must be more than 0 minutes')
  .max(10_080, 'must be at most 10080 (a week)');

const overrides = z.strictObject(
  Object.fromEntries(prioritySchema.options.map((priority) => [priority, minutes.optional()])) as Record<
    Priority,
    z.ZodOptional<typeof minutes>
  >,
);

/** `P1=30,P2=60` as an object; anything not of that shape is left to the schema to refuse. */
function parsePairs(text: string): unknown {
  const result: Record<string, unknown> = {};
  for (const pair of text.split(',')) {
    const [key, value, ...rest] = pair.split('=').map((part) => part.trim());
    if (!key || value === undefined || value === '' || rest.length > 0) return text;
    result[key] = Number(value);
  }
  return result;
}

/**
 * MI_STATUS_UPDATE_CADENCE_MINUTES: JSON (`{"P1": 30, "P2": 60}`) or pairs (`P1=30,P2=60`), merged over
 * the defaults; unset or blank keeps them. Unknown priorities and non-positive values are refused.
 */
export const statusUpdateEnvShape = {
  MI_STATUS_UPDATE_CADENCE_MINUTES: z
    .string()
    .optional()
    .transform((value, context): unknown => {
      const text = value?.trim() ?? '';
      if (text === '') return {};
      if (!text.startsWith('{')) return parsePairs(text);
      try {
        return JSON.parse(text);
      } catch {
        context.addIssue({ code: 'custom', message: 'must be a JSON document or P1=30,P2=60,...' });
        return z.NEVER;
      }
    })
    .pipe(
      z
        .unknown()
        .refine(
          (value) => typeof value === 'object' && value !== null,
          'must be a JSON object or P1=30,P2=60,...',
        )
        .pipe(overrides),
    )
    .transform((given): StatusUpdateCadence => ({
      ...defaultStatusUpdateCadence,
      ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)),
    })),
};
