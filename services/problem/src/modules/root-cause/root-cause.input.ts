import { rootCauseMethodSchema } from '@mim/contracts';
import { z } from 'zod';
import { expectedVersion, optionalText, recordIdArg, requiredText, textList } from '../../validation';

/**
 * Shapes and text of `recordRootCauseAnalysis`; the per-method rules (how many whys, a cause in the
 * fishbone, ...) are the domain's (root-cause.domain.ts). The list caps here only bound the payload.
 */
export const recordRootCauseAnalysisInput = z.object({
  problemId: recordIdArg,
  expectedVersion,
  method: rootCauseMethodSchema,
  whys: z
    .array(z.object({ question: requiredText(1_000), answer: requiredText(2_000) }))
    .max(50)
    .nullish(),
  fishbone: z
    .array(z.object({ name: requiredText(100), causes: z.array(requiredText(500)).max(50) }))
    .max(50)
    .nullish(),
  timeline: z
    .array(z.object({ at: z.date(), event: requiredText(1_000) }))
    .max(500)
    .nullish(),
  findings: optionalText(20_000),
  rootCause: optionalText(2_000),
  contributingFactors: textList(30, 500),
});
export type RecordRootCauseAnalysisInput = z.output<typeof recordRootCauseAnalysisInput>;
