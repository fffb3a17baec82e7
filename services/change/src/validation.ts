import { z } from 'zod';

/**
 * Text rules shared by every input of this service. PostgreSQL refuses NUL (U+0000) in text, so it is
 * refused here with BAD_USER_INPUT before it can reach the database as a 500.
 */
export const hasNoNul = (value: string) => !value.includes('\u0000');
const noNulMessage = 'must not contain NUL characters';

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

/** Names of services or configuration items (identifiers, matched exactly), each once, in order. */
export const nameList = (maxItems: number) =>
  z
    .array(requiredText(100))
    .max(maxItems, `at most ${maxItems}`)
    .transform((names) => [...new Set(names)]);

/** `expectedVersion` of every change: the version the client read. */
export const expectedVersion = z.number().int().positive();

/** A record id as clients send it; anything that is not a UUID simply finds nothing. */
export const idArg = z.string().refine(hasNoNul, noNulMessage).max(100);

/** Ids of records another service owns (incidents, problems): UUIDs, lowercased, each at most once. */
export const uuidList = (what: string, maxItems: number) =>
  z
    .array(z.uuid(`must be ${what} id`).transform((id) => id.toLowerCase()))
    .max(maxItems, `at most ${maxItems}`)
    .refine((ids) => new Set(ids).size === ids.length, `each ${what.replace(/^an? /, '')} at most once`);
