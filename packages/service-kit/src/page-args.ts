import { z } from 'zod';

/** The arguments of every keyset-paginated list (`first`, `after`); extend it with the list's filters. */
export const pageArgs = z.object({
  first: z.number().int().min(1).max(100, 'at most 100 per page').default(20),
  after: z.string().max(200).nullish(),
});
export type PageArgs = z.output<typeof pageArgs>;
