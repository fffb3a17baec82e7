import { z } from 'zod';

/** The caller's inbox; GraphQL defaults apply, an explicit null means the same. */
export const inboxArgs = z.object({
  first: z
    .number()
    .int()
    .min(1, 'at least 1')
    .max(100, 'at most 100 per page')
    .nullish()
    .transform((first) => first ?? 20),
  unreadOnly: z
    .boolean()
    .nullish()
    .transform((unreadOnly) => unreadOnly ?? false),
});
export type InboxArgs = z.output<typeof inboxArgs>;
