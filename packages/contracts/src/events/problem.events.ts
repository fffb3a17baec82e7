import { z } from 'zod';
import { defineEvent } from '../define-event';
import { prioritySchema, recordNumberSchema } from '../shared-schemas';

export const problemCreatedV1 = defineEvent({
  type: 'problem.created',
  version: 1,
  aggregateType: 'problem',
  description: 'A problem record was opened to find the underlying cause of one or more incidents.',
  data: z.object({
    problemId: z.uuid(),
    number: recordNumberSchema,
    title: z.string().min(1),
    priority: prioritySchema,
    incidentIds: z.array(z.uuid()),
  }),
  example: {
    problemId: '5d0b7c1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    number: 'PRB-000007',
    title: 'WAF rule drives CPU to 100%',
    priority: 'P1',
    incidentIds: ['0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10'],
  },
});

export const problemStatusSchema = z.enum([
  'NEW',
  'UNDER_INVESTIGATION',
  'ROOT_CAUSE_IDENTIFIED',
  'KNOWN_ERROR',
  'RESOLVED',
  'CLOSED',
]);
export type ProblemStatus = z.infer<typeof problemStatusSchema>;

export const problemStatusChangedV1 = defineEvent({
  type: 'problem.status_changed',
  version: 1,
  aggregateType: 'problem',
  description: 'A problem record moved through its lifecycle (investigation, root cause, known error, ...).',
  data: z.object({
    problemId: z.uuid(),
    number: recordNumberSchema,
    from: problemStatusSchema,
    to: problemStatusSchema,
    incidentIds: z.array(z.uuid()),
    changedAt: z.iso.datetime({ offset: true }),
  }),
  example: {
    problemId: '5d0b7c1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    number: 'PRB-000007',
    from: 'UNDER_INVESTIGATION',
    to: 'ROOT_CAUSE_IDENTIFIED',
    incidentIds: ['0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10'],
    changedAt: '2019-07-02T14:00:00.000Z',
  },
});
