import { z } from 'zod';
import { expectedVersion, incidentIdArg, optionalText, personInput, requiredText } from '../../validation';

const taskIdArg = incidentIdArg;

export const createTaskInput = z.object({
  incidentId: incidentIdArg,
  title: requiredText(200),
  description: optionalText(4_000),
  owner: personInput.nullish().transform((owner) => owner ?? null),
  dueAt: z
    .date()
    .nullish()
    .transform((dueAt) => dueAt ?? null),
});

export const assignTaskInput = z.object({
  taskId: taskIdArg,
  expectedVersion,
  owner: personInput,
  /** Absent: the due time stays; null: no due time any more. */
  dueAt: z.date().nullish(),
});

export const taskChangeInput = z.object({ taskId: taskIdArg, expectedVersion });
