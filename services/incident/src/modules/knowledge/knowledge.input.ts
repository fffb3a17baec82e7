import { z } from 'zod';

export const similarIncidentsArgs = z.object({
  first: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(20, 'at most 20')
    .nullish()
    .transform((first) => first ?? 5),
});
