import { z } from 'zod';
import {
  expectedVersion,
  incidentIdArg,
  nameText,
  optionalText,
  personInput,
  requiredText,
} from '../../validation';
import { followUpStatuses } from './post-incident-review.domain';

/** Size limits of review texts (characters). */
export const reviewTextLimits = { text: 20_000, action: 2_000, reason: 2_000 } as const;

/** Omitted keeps the value; null or blank clears it. */
const editableText = (max: number) => optionalText(max).optional();

const followUpInput = z.object({
  description: requiredText(reviewTextLimits.action),
  owner: personInput,
  dueAt: z.date(),
  status: z
    .enum(followUpStatuses)
    .nullish()
    .transform((status) => status ?? 'OPEN'),
});

export const reviewTargetArgs = z.object({ incidentId: incidentIdArg });

export const moveReviewArgs = z.object({ incidentId: incidentIdArg, expectedVersion });

export const returnReviewArgs = z.object({
  incidentId: incidentIdArg,
  expectedVersion,
  reason: requiredText(reviewTextLimits.reason),
});

/** Omitted fields keep their value; lists given replace the whole list (null: empty). */
export const updateReviewInput = z.object({
  incidentId: incidentIdArg,
  expectedVersion,
  summary: editableText(reviewTextLimits.text),
  impact: editableText(reviewTextLimits.text),
  affectedServices: z
    .array(nameText())
    .max(50, 'at most 50 entries')
    .nullable()
    .optional()
    .transform((names) => (names === undefined ? undefined : [...new Set(names ?? [])])),
  rootCause: editableText(reviewTextLimits.text),
  whatWentWell: editableText(reviewTextLimits.text),
  whatWentBadly: editableText(reviewTextLimits.text),
  followUpActions: z
    .array(followUpInput)
    .max(50, 'at most 50 follow-up actions')
    .nullable()
    .optional()
    .transform((actions) => (actions === undefined ? undefined : (actions ?? []))),
});
