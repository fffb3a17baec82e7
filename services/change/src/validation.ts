import { recordIdArg, requiredText } from '@mim/service-kit';
import { z } from 'zod';

// Input rules of this service. The ones every service shares (required and optional text without NUL,
// people, expected versions, record ids) come from @mim/service-kit and are re-exported at the end.

/** Names of services or configuration items (identifiers, matched exactly), each once, in order. */
export const nameList = (maxItems: number) =>
  z
    .array(requiredText(100))
    .max(maxItems, `at most ${maxItems}`)
    .transform((names) => [...new Set(names)]);

/** A record id as clients send it; anything that is not a UUID simply finds nothing. */
export const idArg = recordIdArg;

/** Ids of records another service owns (incidents, problems): UUIDs, lowercased, each at most once. */
export const uuidList = (what: string, maxItems: number) =>
  z
    .array(z.uuid(`must be ${what} id`).transform((id) => id.toLowerCase()))
    .max(maxItems, `at most ${maxItems}`)
    .refine((ids) => new Set(ids).size === ids.length, `each ${what.replace(/^an? /, '')} at most once`);

export { expectedVersion, hasNoNul, optionalText, personInput, requiredText } from '@mim/service-kit';
