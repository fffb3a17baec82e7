import { z } from 'zod';

/**
 * Text rules shared by every input of this service. PostgreSQL refuses NUL (U+0000) in text and jsonb,
 * so it is refused here with BAD_USER_INPUT before it can reach the database as a 500.
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

/** A short machine name (service, CI, group, category code). */
export const nameText = (max = 100) => requiredText(max);

/** Telephone numbers as people write them: digits, spaces, + ( ) . - /, and an extension (so no NUL). */
export const phoneText = z
  .string()
  .trim()
  .max(40, 'must be at most 40 characters')
  .regex(/^\+?[0-9][0-9 ()./-]{2,30}(\s*(x|ext\.?)\s*\d{1,6})?$/i, 'must be a telephone number');

export const emailText = z
  .string()
  .refine(hasNoNul, noNulMessage)
  .trim()
  .max(320, 'must be at most 320 characters')
  .pipe(z.email('must be an email address'));

/** A person named by a client (assignee, manager): a user id and a display name. */
export const personInput = z.object({ id: requiredText(200), name: requiredText(200) });

/** `expectedVersion` of every change: the version the client read. */
export const expectedVersion = z.number().int().positive();

/** An incident id as clients send it; anything that is not a UUID simply finds nothing. */
export const incidentIdArg = z.string().refine(hasNoNul, noNulMessage).max(100);

/** A JSON value with no NUL anywhere (jsonb refuses `\u0000` in strings). */
export function jsonHasNoNul(value: unknown): boolean {
  return !JSON.stringify(value ?? null).includes('\\u0000');
}
