import { z } from 'zod';
import { defineEvent } from '../define-event';
import { personSchema, prioritySchema, recordNumberSchema } from '../shared-schemas';

/** The two SLA clocks of an incident: time to the first response, and to resolution. */
export const slaMetricSchema = z.enum(['FIRST_RESPONSE', 'RESOLUTION']);
export type SlaMetric = z.infer<typeof slaMetricSchema>;

/** What both SLA events carry: which clock of which incident, when it falls due, who owns the incident. */
const slaClockData = z.object({
  incidentId: z.uuid(),
  number: recordNumberSchema,
  priority: prioritySchema,
  metric: slaMetricSchema,
  /** When the target falls (or fell) due; time on hold is already skipped for RESOLUTION. */
  dueAt: z.iso.datetime({ offset: true }),
  /** When the incident service noticed the change (the timer's firing, or the change that revealed it). */
  detectedAt: z.iso.datetime({ offset: true }),
  assignmentGroup: z.string().nullable(),
  assignee: personSchema.nullable(),
});

export const incidentSlaAtRiskV1 = defineEvent({
  type: 'incident.sla_at_risk',
  version: 1,
  aggregateType: 'incident',
  description:
    'An SLA clock of an open incident has only the at-risk share of its target left ' +
    '(INCIDENT_SLA_AT_RISK_PERCENT, 20 % by default). Emitted at most once per clock and incident, ' +
    'and not when the clock goes straight to breached.',
  data: slaClockData,
  example: {
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    number: 'INC-000123',
    priority: 'P1',
    metric: 'FIRST_RESPONSE',
    dueAt: '2019-07-02T14:00:00.000Z',
    detectedAt: '2019-07-02T13:57:00.012Z',
    assignmentGroup: 'service-desk',
    assignee: null,
  },
});

export const incidentSlaBreachedV1 = defineEvent({
  type: 'incident.sla_breached',
  version: 1,
  aggregateType: 'incident',
  description:
    'An SLA target of an incident was missed: its due time passed with no first response ' +
    '(FIRST_RESPONSE) or no resolution (RESOLUTION). Detected by the incident service itself, even when ' +
    'nobody touches the incident; emitted exactly once per clock and incident.',
  data: slaClockData,
  example: {
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    number: 'INC-000123',
    priority: 'P1',
    metric: 'RESOLUTION',
    dueAt: '2019-07-02T17:45:00.000Z',
    detectedAt: '2019-07-02T17:45:00.031Z',
    assignmentGroup: 'network-operations',
    assignee: { id: 'user-7', name: 'Grace Hopper' },
  },
});
