import { pageArgs } from '@mim/service-kit';
import { z } from 'zod';
import { expectedVersion, idArg, nameList, optionalText, requiredText, uuidList } from '../../validation';
import {
  changeImpacts,
  changeRisks,
  changeStatuses,
  changeTypes,
  incidentRelations,
  isValidWindow,
} from './change-request.domain';

const plan = requiredText(20_000);

const incidentLink = z.object({
  incidentId: z.uuid('must be an incident id').transform((id) => id.toLowerCase()),
  relation: z.enum(incidentRelations),
});

/** What every change names, whatever its type: when, what it touches, what it fixes. */
export const plannedWorkFields = {
  plannedStart: z.date(),
  plannedEnd: z.date(),
  affectedServices: nameList(50).default([]),
  configurationItems: nameList(100).default([]),
  incidentLinks: z
    .array(incidentLink)
    .max(100)
    .default([])
    .refine(
      (links) => new Set(links.map((link) => link.incidentId)).size === links.length,
      'an incident may be linked only once',
    ),
  problemIds: uuidList('a problem', 50).default([]),
};

/** The planned end comes after the planned start (reported on plannedEnd). */
export function withPlannedWindow<TSchema extends z.ZodType<{ plannedStart: Date; plannedEnd: Date }>>(
  schema: TSchema,
) {
  return schema.refine((input) => isValidWindow(input.plannedStart, input.plannedEnd), {
    path: ['plannedEnd'],
    message: 'must be after plannedStart',
  });
}

/** Server-side rules for raising a change request; GraphQL types only check shapes. */
export const createChangeRequestInput = withPlannedWindow(
  z.object({
    title: requiredText(200),
    description: requiredText(20_000),
    type: z.enum(changeTypes),
    risk: z.enum(changeRisks),
    impact: z.enum(changeImpacts).default('MODERATE'),
    implementationPlan: plan,
    rollbackPlan: plan,
    testPlan: optionalText(20_000),
    ...plannedWorkFields,
  }),
);
export type CreateChangeRequestInput = z.output<typeof createChangeRequestInput>;

export const changeStatusArgs = z.object({
  id: idArg,
  expectedVersion,
  status: z.enum(changeStatuses),
});

export const submitChangeArgs = z.object({ id: idArg, expectedVersion });

export const changeRequestListArgs = pageArgs;
