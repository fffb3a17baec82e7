import { z } from 'zod';
import { hasNoNul, requiredText } from '../../validation';

/** Lowercase letters, digits and single dashes, up to 50 characters: `network`, `remote-desktop`. */
export const categoryCode = z
  .string()
  .refine(hasNoNul, 'must not contain NUL characters')
  .max(50, 'must be at most 50 characters')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a catalogue code: lowercase letters, digits and dashes');

export const addCategoryInput = z.object({
  code: categoryCode,
  name: requiredText(100),
  parentCode: categoryCode.nullish(),
});

export const categoryIdArg = z.string().refine(hasNoNul, 'must not contain NUL characters').max(100);
