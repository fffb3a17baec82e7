import { pageArgs } from '@mim/service-kit';
import { z } from 'zod';
import {
  changeRisks,
  changeStatuses,
  changeTypes,
  incidentRelations,
  isValidWindow,
} from './change-request.domain';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

const incidentLink = z.object({
  incidentId: z.uuid('must be an incident id').transform((id) => id.toLowerCase()),
  relation: z.enum(incidentRelations),
});

/** Server-side rules for raising a change request; GraphQL types only check shapes. */
export const createChangeRequestInput = z
  .object({
    title: text(200),
    description: text(20_000),
    type: z.enum(changeTypes),
    risk: z.enum(changeRisks),
    implementationPlan: text(20_000),
    rollbackPlan: text(20_000),
    testPlan: text(20_000).nullish(),
    plannedStart: z.date(),
    plannedEnd: z.date(),
    affectedServices: z
      .array(text(100))
      .max(50)
      .default([])
      .transform((services) => [...new Set(services)]),
    incidentLinks: z
      .array(incidentLink)
      .max(100)
      .default([])
      .refine(
        (links) => new Set(links.map((link) => link.incidentId)).size === links.length,
        'an incident may be linked only once',
      ),
  })
  .refine((input) => isValidWindow(input.plannedStart, input.plannedEnd), {
    path: ['plannedEnd'],
    message: 'must be after plannedStart',
  });
export type CreateChangeRequestInput = z.output<typeof createChangeRequestInput>;

export const changeStatusArgs = z.object({
  id: z.string().max(100),
  expectedVersion: z.number().int().positive(),
  status: z.enum(changeStatuses),
});

export const changeRequestListArgs = pageArgs;
