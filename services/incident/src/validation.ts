import { hasNoNul, noNulMessage, recordIdArg, requiredText } from '@mim/service-kit';
import { z } from 'zod';

// Input rules of this service. The ones every service shares (required and optional text without NUL,
// people, expected versions, record ids) come from @mim/service-kit and are re-exported at the end.

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

/** An incident id as clients send it; anything that is not a UUID simply finds nothing. */
export const incidentIdArg = recordIdArg;

/** A JSON value with no NUL anywhere (jsonb refuses `\u0000` in strings). */
export function jsonHasNoNul(value: unknown): boolean {
  return !JSON.stringify(value ?? null).includes('\\u0000');
}

export { expectedVersion, hasNoNul, optionalText, personInput, requiredText } from '@mim/service-kit';
