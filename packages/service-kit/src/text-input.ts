import { z } from 'zod';

/**
 * Input rules every service shares. PostgreSQL refuses NUL (U+0000) in text and jsonb, so it is refused
 * here with BAD_USER_INPUT before it can reach the database as a 500.
 */
export const hasNoNul = (value: string) => !value.includes('\u0000');
export const noNulMessage = 'must not contain NUL characters';

/** Required text: no NUL, trimmed, 1 to `max` characters. */
export const requiredText = (max: number) =>
  z
    .string()
    .refine(hasNoNul, noNulMessage)
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);

/** Optional text: absent, null or blank all mean none (null). */
export const optionalText = (max: number) =>
  z
    .string()
    .refine(hasNoNul, noNulMessage)
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((value) => (value ? value : null));

/** A person named by a client (an assignee, an owner): a user id and a display name. */
export const personInput = z.object({ id: requiredText(200), name: requiredText(200) });

/** `expectedVersion` of every change: the version the client read. */
export const expectedVersion = z.number().int().positive();

/** A record id as clients send it; anything that is not a UUID simply finds nothing. */
export const recordIdArg = z.string().refine(hasNoNul, noNulMessage).max(100);
