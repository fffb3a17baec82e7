import { statusAudienceSchema } from '@mim/contracts';
import { z } from 'zod';
import { incidentIdArg, optionalText, requiredText } from '../../validation';

export const publishStatusUpdateInput = z.object({
  incidentId: incidentIdArg,
  audiences: z.array(statusAudienceSchema).min(1, 'name at least one audience'),
  impact: requiredText(4_000),
  currentStatus: requiredText(4_000),
  actions: optionalText(4_000),
  nextUpdateDueAt: z
    .date()
    .nullish()
    .transform((at) => at ?? null),
});
