import { z } from 'zod';
import { defineEvent } from '../define-event';

export const notificationChannelSchema = z.enum(['IN_APP', 'EMAIL', 'WEBHOOK']);

export const notificationSentV1 = defineEvent({
  type: 'notification.sent',
  version: 1,
  aggregateType: 'notification',
  description: 'A recipient was told about an incident (the audit trail that stakeholders were informed).',
  data: z.object({
    notificationId: z.uuid(),
    incidentId: z.uuid().nullable(),
    recipientId: z.string(),
    channel: notificationChannelSchema,
    subject: z.string(),
    sourceEventId: z.uuid(),
  }),
  example: {
    notificationId: '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b',
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    recipientId: 'user-42',
    channel: 'IN_APP',
    subject: 'We received your report INC-000123',
    sourceEventId: '7c6b5a49-3827-4165-8a4b-3c2d1e0f9a8b',
  },
});
