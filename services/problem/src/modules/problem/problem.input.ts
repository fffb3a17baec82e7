import { prioritySchema } from '@mim/contracts';
import { pageArgs } from '@mim/service-kit';
import { z } from 'zod';
import {
  expectedVersion,
  incidentIdList,
  personInput,
  recordIdArg,
  requiredText,
  textList,
} from '../../validation';
import { problemStatuses } from './problem.domain';

/** Server-side rules for opening a problem; GraphQL types only check shapes. */
export const createProblemInput = z.object({
  title: requiredText(200),
  description: requiredText(20_000),
  priority: prioritySchema,
  affectedServices: textList(50, 100),
  incidentIds: incidentIdList.nullish().transform((ids) => ids ?? []),
  owner: personInput.nullish(),
});
export type CreateProblemInput = z.output<typeof createProblemInput>;

export const changeProblemStatusArgs = z.object({
  id: recordIdArg,
  expectedVersion,
  status: z.enum(problemStatuses),
});

export const assignProblemOwnerArgs = z.object({ id: recordIdArg, expectedVersion, owner: personInput });

export const linkIncidentsArgs = z.object({
  id: recordIdArg,
  expectedVersion,
  incidentIds: incidentIdList.refine((ids) => ids.length > 0, 'must name at least one incident'),
});

/** Every filter given must match; a list matches any of its values. */
const problemFilter = z.object({
  status: z.array(z.enum(problemStatuses)).max(10).nullish(),
  priority: z.array(prioritySchema).max(10).nullish(),
  ownerId: requiredText(200).nullish(),
  unassigned: z.boolean().nullish(),
  service: requiredText(100).nullish(),
  search: requiredText(500).nullish(),
});
export type ProblemFilter = z.output<typeof problemFilter>;

export const problemListArgs = pageArgs.extend({ filter: problemFilter.nullish() });
export type ProblemListArgs = z.output<typeof problemListArgs>;
