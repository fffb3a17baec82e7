import { DomainError } from '@mim/errors';
import type { z } from 'zod';

/**
 * Validates a mutation's input on the server, whatever the client checked. Every problem is listed in
 * `extensions.fields` so a form can show them all; nothing is written when any is found.
 */
export function parseInput<TSchema extends z.ZodType>(schema: TSchema, input: unknown): z.output<TSchema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  throw new DomainError(
    'BAD_USER_INPUT',
    `Invalid input: ${fields.map((field) => `${field.path || '(input)'} ${field.message}`).join('; ')}`,
    { fields },
  );
}
