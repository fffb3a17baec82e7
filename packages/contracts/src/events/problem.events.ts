import { z } from 'zod';
import { defineEvent } from '../define-event';
import { prioritySchema } from '../shared-schemas';

export const problemCreatedV1 = defineEvent({
  type: 'problem.created',
  version: 1,
  aggregateType: 'problem',
  description: 'A problem record was opened to find the underlying cause of one or more incidents.',
  data: z.object({
    problemId: z.uuid(),
    number: z.string().regex(/^PRB-\d{6,}$/),
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
