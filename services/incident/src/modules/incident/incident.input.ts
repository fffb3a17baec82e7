import {
  holdReasonSchema,
  impactSchema,
  incidentStatusSchema,
  intakeChannelSchema,
  prioritySchema,
  resolutionCodeSchema,
  supportTierSchema,
  urgencySchema,
} from '@mim/contracts';
import { isUuid, pageArgs } from '@mim/service-kit';
import { z } from 'zod';
import {
  emailText,
  expectedVersion,
  incidentIdArg,
  nameText,
  optionalText,
  personInput,
  phoneText,
  requiredText,
} from '../../validation';
import { categoryCode } from '../category/category.input';
import { importedAt } from '../import/import.input';
import { incidentSlaStatusSchema } from '../sla/sla.record';
import { incidentSorts } from './incident-list';

/** Size limits of incident texts (characters). */
export const textLimits = {
  title: 200,
  description: 20_000,
  symptoms: 10_000,
  reason: 2_000,
  resolutionNotes: 20_000,
  search: 200,
} as const;

const uniqueNames = (max: number) =>
  z
    .array(nameText())
    .max(max, `at most ${max} entries`)
    .nullish()
    .transform((names) => [...new Set(names ?? [])]);

/** Server-side rules for logging an incident; GraphQL types only check shapes. */
export const createIncidentInput = z.object({
  title: requiredText(textLimits.title),
  description: requiredText(textLimits.description),
  symptoms: optionalText(textLimits.symptoms),
  kind: z
    .enum(['INCIDENT', 'SERVICE_REQUEST'])
    .nullish()
    .transform((kind) => kind ?? 'INCIDENT'),
  channel: intakeChannelSchema,
  impact: impactSchema,
  urgency: urgencySchema,
  affectedServices: uniqueNames(50),
  configurationItems: uniqueNames(50),
  category: categoryCode.nullish(),
  subcategory: categoryCode.nullish(),
  reporter: z
    .object({ name: requiredText(200), email: emailText.nullish(), phone: phoneText.nullish() })
    .nullish(),
  reportedAt: z.date().nullish(),
  failureStartedAt: z.date().nullish(),
});
export type CreateIncidentInput = z.output<typeof createIncidentInput>;

const change = { id: incidentIdArg, expectedVersion };

export const versionedChangeInput = z.object({ ...change, at: importedAt });

export const holdIncidentInput = z
  .object({ ...change, reason: holdReasonSchema, note: optionalText(textLimits.reason), at: importedAt })
  .refine((input) => input.reason !== 'OTHER' || input.note !== null, {
    path: ['note'],
    message: 'is required when the reason is OTHER',
  });

export const resolveIncidentInput = z.object({
  ...change,
  resolutionCode: resolutionCodeSchema,
  resolutionNotes: requiredText(textLimits.resolutionNotes),
  /** A major incident resolved before any fixing change is implemented must say why; blank is none. */
  resolutionWithoutChangeReason: optionalText(textLimits.reason),
  at: importedAt,
});
export type ResolveIncidentInput = z.output<typeof resolveIncidentInput>;

export const reasonedChangeInput = z.object({
  ...change,
  reason: requiredText(textLimits.reason),
  at: importedAt,
});

export const reclassifyIncidentInput = z
  .object({
    ...change,
    impact: impactSchema.nullish(),
    urgency: urgencySchema.nullish(),
    reason: requiredText(textLimits.reason),
  })
  .refine((input) => input.impact != null || input.urgency != null, {
    path: ['impact'],
    message: 'give a new impact, a new urgency, or both',
  });

/** `undefined` keeps a value, `null` clears it (GraphQL: omitted vs null). */
export const assignIncidentInput = z
  .object({
    ...change,
    assignmentGroup: nameText().nullable().optional(),
    assignee: personInput.nullable().optional(),
  })
  .refine((input) => input.assignmentGroup !== undefined || input.assignee !== undefined, {
    path: ['assignee'],
    message: 'give an assignment group, an assignee, or both',
  });

export const escalateIncidentInput = z.object({
  ...change,
  reason: requiredText(textLimits.reason),
  assignmentGroup: nameText().nullish(),
});

export const escalateIncidentToManagerInput = z.object({
  ...change,
  manager: personInput,
  reason: requiredText(textLimits.reason),
});

export const incidentNumberArg = requiredText(50);

export const incidentListArgs = pageArgs.extend({
  filter: z
    .object({
      ids: z
        .array(z.string().refine(isUuid, 'must be a UUID'))
        .max(100, 'at most 100 ids')
        .nullish()
        .transform((ids) => (ids ? [...new Set(ids.map((id) => id.toLowerCase()))] : ids)),
      major: z.boolean().nullish(),
      status: z.array(incidentStatusSchema).nullish(),
      priority: z.array(prioritySchema).nullish(),
      service: nameText().nullish(),
      configurationItem: nameText().nullish(),
      assigneeId: requiredText(200).nullish(),
      assignmentGroup: nameText().nullish(),
      supportTier: z.array(supportTierSchema).nullish(),
      channel: z.array(intakeChannelSchema).nullish(),
      kind: z.enum(['INCIDENT', 'SERVICE_REQUEST']).nullish(),
      reportedFrom: z.date().nullish(),
      reportedTo: z.date().nullish(),
      search: optionalText(textLimits.search),
      slaStatus: z.array(incidentSlaStatusSchema).nullish(),
    })
    .nullish(),
  sort: z
    .enum(incidentSorts)
    .nullish()
    .transform((sort) => sort ?? 'NEWEST'),
});
export type IncidentListArgs = z.output<typeof incidentListArgs>;
