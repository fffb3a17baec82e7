import { prioritySchema } from '@mim/contracts';
import { pageArgs } from '@mim/service-kit';
import { z } from 'zod';
import { problemStatuses } from './problem.domain';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/** Server-side rules for opening a problem; GraphQL types only check shapes. */
export const createProblemInput = z.object({
  title: text(200),
  description: text(20_000),
  priority: prioritySchema,
  incidentIds: z
    .array(z.uuid('must be an incident id'))
    .max(100)
    .default([])
    .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]),
  ownerId: text(200).nullish(),
});
export type CreateProblemInput = z.output<typeof createProblemInput>;

export const changeProblemStatusArgs = z.object({
  id: z.string().max(100),
  expectedVersion: z.number().int().positive(),
  status: z.enum(problemStatuses),
});

export const problemListArgs = pageArgs;
