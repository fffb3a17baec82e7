import { requiredText } from '@mim/service-kit';
import { z } from 'zod';

// Input rules of this service. The ones every service shares (required and optional text without NUL,
// people, expected versions, record ids) come from @mim/service-kit and are re-exported at the end.

/** A list of short texts (services, contributing factors): trimmed, blank-free, duplicates dropped. */
export const textList = (maxItems: number, maxLength: number) =>
  z
    .array(requiredText(maxLength))
    .max(maxItems, `at most ${maxItems}`)
    .nullish()
    .transform((values) => [...new Set(values ?? [])]);

/** Incident ids (owned by the incident service): UUIDs, lower-cased, duplicates dropped, at most 100. */
export const incidentIdList = z
  .array(z.uuid('must be an incident id'))
  .max(100, 'at most 100 at a time')
  .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]);

/** A record id as clients send it; anything that is not a UUID simply finds nothing (NOT_FOUND). */
export {
  expectedVersion,
  hasNoNul,
  optionalText,
  personInput,
  recordIdArg,
  requiredText,
} from '@mim/service-kit';
