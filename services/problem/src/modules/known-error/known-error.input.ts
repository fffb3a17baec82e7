import { z } from 'zod';
import { expectedVersion, optionalText, recordIdArg, requiredText } from '../../validation';

export const recordKnownErrorInput = z.object({
  problemId: recordIdArg,
  expectedVersion,
  knownErrorId: recordIdArg.nullish(),
  title: requiredText(200),
  symptoms: requiredText(5_000),
  rootCause: optionalText(2_000),
  workaround: requiredText(10_000),
  permanentFix: optionalText(10_000),
});
export type RecordKnownErrorInput = z.output<typeof recordKnownErrorInput>;

/** Symptoms as the service desk types them (web-search syntax); a short list of the best matches. */
export const searchKnownErrorsArgs = z.object({
  text: requiredText(500),
  first: z.number().int().min(1).max(50, 'at most 50 matches').default(10),
});
