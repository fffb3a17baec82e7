import { z } from 'zod';
import { expectedVersion, idArg, requiredText } from '../../validation';

export const recordReviewInput = z.object({
  id: idArg,
  expectedVersion,
  effective: z.boolean(),
  summary: requiredText(20_000),
  followUps: z
    .array(requiredText(2_000))
    .max(50, 'at most 50')
    .nullish()
    .transform((followUps) => followUps ?? []),
});
