import { z } from 'zod';
import { defineEvent } from '../define-event';

export const changeTypeSchema = z.enum(['STANDARD', 'NORMAL', 'EMERGENCY']);

export const changeRequestedV1 = defineEvent({
  type: 'change.requested',
  version: 1,
  aggregateType: 'change_request',
  description: 'A change request was raised (draft), possibly linked to incidents it fixes.',
  data: z.object({
    changeId: z.uuid(),
    number: z.string().regex(/^CHG-\d{6,}$/),
    title: z.string().min(1),
    type: changeTypeSchema,
    fixesIncidentIds: z.array(z.uuid()),
  }),
  example: {
    changeId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    number: 'CHG-000031',
    title: 'Disable WAF managed rule globally',
    type: 'EMERGENCY',
    fixesIncidentIds: ['0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10'],
  },
});
