import { z } from 'zod';

/** The dead letter list; GraphQL's default applies, an explicit null means the same. */
export const deadLetterArgs = z.object({
  first: z
    .number()
    .int()
    .min(1, 'at least 1')
    .max(200, 'at most 200')
    .nullish()
    .transform((first) => first ?? 50),
});
