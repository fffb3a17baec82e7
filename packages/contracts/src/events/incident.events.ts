import { z } from 'zod';
import { defineEvent } from '../define-event';
import {
  impactSchema,
  incidentStatusSchema,
  intakeChannelSchema,
  prioritySchema,
  recordNumberSchema,
  reporterSchema,
  urgencySchema,
} from '../shared-schemas';

export const incidentCreatedV1 = defineEvent({
  type: 'incident.created',
  version: 1,
  aggregateType: 'incident',
  description: 'An incident or service request was logged, from any intake channel.',
  data: z.object({
    incidentId: z.uuid(),
    number: recordNumberSchema,
    title: z.string().min(1),
    kind: z.enum(['INCIDENT', 'SERVICE_REQUEST']),
    channel: intakeChannelSchema,
    impact: impactSchema,
    urgency: urgencySchema,
    priority: prioritySchema,
    status: incidentStatusSchema,
    reporter: reporterSchema,
    affectedServices: z.array(z.string().min(1)),
    category: z.string().nullable(),
    reportedAt: z.iso.datetime({ offset: true }),
    /** When the failure began, if known; the start of the MTTD clock. */
    failureStartedAt: z.iso.datetime({ offset: true }).nullable(),
  }),
  example: {
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    number: 'INC-000123',
    title: 'HTTP 502 on every edge node',
    kind: 'INCIDENT',
    channel: 'MONITORING',
    impact: 'EXTENSIVE',
    urgency: 'CRITICAL',
    priority: 'P1',
    status: 'NEW',
    reporter: { id: 'user-42', name: 'Ada Lovelace', email: 'ada@example.com' },
    affectedServices: ['edge-proxy'],
    category: 'network',
    reportedAt: '2019-07-02T13:45:00.000Z',
    failureStartedAt: '2019-07-02T13:42:00.000Z',
  },
});

export const incidentStatusChangedV1 = defineEvent({
  type: 'incident.status_changed',
  version: 1,
  aggregateType: 'incident',
  description: 'An incident moved from one lifecycle state to another.',
  data: z.object({
    incidentId: z.uuid(),
    number: z.string(),
    from: incidentStatusSchema,
    to: incidentStatusSchema,
    priority: prioritySchema,
    reporterId: z.string(),
    reason: z.string().nullable(),
    changedAt: z.iso.datetime({ offset: true }),
  }),
  example: {
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    number: 'INC-000123',
    from: 'NEW',
    to: 'ACKNOWLEDGED',
    priority: 'P1',
    reporterId: 'user-42',
    reason: null,
    changedAt: '2019-07-02T13:47:00.000Z',
  },
});
