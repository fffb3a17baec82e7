import { z } from 'zod';

/**
 * Text rules shared by every input of this service. PostgreSQL refuses NUL (U+0000) in text and jsonb,
 * so it is refused here with BAD_USER_INPUT before it can reach the database as a 500.
 */
const hasNoNul = (value: string) => !value.includes('\u0000');
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

/** A list of short texts (services, contributing factors): trimmed, blank-free, duplicates dropped. */
export const textList = (maxItems: number, maxLength: number) =>
  z
    .array(requiredText(maxLength))
    .max(maxItems, `at most ${maxItems}`)
    .nullish()
    .transform((values) => [...new Set(values ?? [])]);

/** A person named by a client (an owner): a user id and a display name. */
export const personInput = z.object({ id: requiredText(200), name: requiredText(200) });

/** `expectedVersion` of every change: the version the client read. */
export const expectedVersion = z.number().int().positive();

/** A record id as clients send it; anything that is not a UUID simply finds nothing (NOT_FOUND). */
export const recordIdArg = z.string().refine(hasNoNul, noNulMessage).max(100);

/** Incident ids (owned by the incident service): UUIDs, lower-cased, duplicates dropped, at most 100. */
export const incidentIdList = z
  .array(z.uuid('must be an incident id'))
  .max(100, 'at most 100 at a time')
  .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]);
