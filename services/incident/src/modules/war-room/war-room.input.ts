import { z } from 'zod';
import { hasNoNul, incidentIdArg, optionalText, phoneText } from '../../validation';

/** A web address people join by: http or https only. */
const bridgeUrl = z
  .string()
  .refine(hasNoNul, 'must not contain NUL characters')
  .trim()
  .max(2_000, 'must be at most 2000 characters')
  .nullish()
  .transform((value) => (value ? value : null))
  .refine((value) => value === null || /^https?:\/\/[^\s]+$/i.test(value), 'must be an http(s) URL')
  .refine((value) => value === null || URL.canParse(value), 'must be an http(s) URL');

export const setRoomsInput = z.object({
  incidentId: incidentIdArg,
  bridgeUrl,
  bridgeDialIn: phoneText
    .nullish()
    .or(z.literal(''))
    .transform((value) => (value ? value : null)),
  warRoom: optionalText(500),
});
