import { z } from 'zod';
import { defineEvent } from '../define-event';
import {
  commentVisibilitySchema,
  impactSchema,
  incidentStatusSchema,
  intakeChannelSchema,
  personSchema,
  prioritySchema,
  recordNumberSchema,
  reporterSchema,
  supportTierSchema,
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
    // Added later as optional fields, so events written before them stay valid.
    subcategory: z.string().nullable().optional(),
    configurationItems: z.array(z.string().min(1)).optional(),
    supportTier: supportTierSchema.optional(),
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
    subcategory: 'connectivity',
    configurationItems: ['edge-node-lhr-01'],
    supportTier: 'L1',
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
    /**
     * Whether the incident is a major incident at this change. Added later as an optional field (events
     * written before it stay valid): a consumer that reacts to the resolution of major incidents needs
     * to know it even when incident.major_declared, on another subject, has not reached it yet.
     */
    major: z.boolean().optional(),
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
    major: true,
  },
});

const classificationSchema = z.object({
  impact: impactSchema,
  urgency: urgencySchema,
  priority: prioritySchema,
});

export const incidentPriorityChangedV1 = defineEvent({
  type: 'incident.priority_changed',
  version: 1,
  aggregateType: 'incident',
  description:
    'Impact and/or urgency of an incident were changed, with a reason; the priority was recomputed ' +
    'from the matrix (it may stay the same).',
  data: z.object({
    incidentId: z.uuid(),
    number: recordNumberSchema,
    from: classificationSchema,
    to: classificationSchema,
    reason: z.string().min(1),
    reporterId: z.string(),
    changedAt: z.iso.datetime({ offset: true }),
  }),
  example: {
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    number: 'INC-000123',
    from: { impact: 'MODERATE', urgency: 'HIGH', priority: 'P4' },
    to: { impact: 'EXTENSIVE', urgency: 'CRITICAL', priority: 'P1' },
    reason: 'Every point of presence reports 502s, not just one region',
    reporterId: 'user-42',
    changedAt: '2019-07-02T13:50:00.000Z',
  },
});

const ownershipSchema = z.object({
  supportTier: supportTierSchema,
  assignmentGroup: z.string().nullable(),
  assignee: personSchema.nullable(),
});

export const incidentAssignedV1 = defineEvent({
  type: 'incident.assigned',
  version: 1,
  aggregateType: 'incident',
  description: 'The assignment group and/or assignee of an incident changed (who works on it).',
  data: z.object({
    incidentId: z.uuid(),
    number: recordNumberSchema,
    from: ownershipSchema,
    to: ownershipSchema,
    priority: prioritySchema,
    assignedAt: z.iso.datetime({ offset: true }),
  }),
  example: {
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    number: 'INC-000123',
    from: { supportTier: 'L2', assignmentGroup: 'network-operations', assignee: null },
    to: {
      supportTier: 'L2',
      assignmentGroup: 'network-operations',
      assignee: { id: 'user-7', name: 'Grace Hopper' },
    },
    priority: 'P1',
    assignedAt: '2019-07-02T13:52:00.000Z',
  },
});

export const escalationKindSchema = z.enum(['FUNCTIONAL', 'HIERARCHICAL']);
export type EscalationKind = z.infer<typeof escalationKindSchema>;

export const incidentEscalatedV1 = defineEvent({
  type: 'incident.escalated',
  version: 1,
  aggregateType: 'incident',
  description:
    'An incident was escalated. FUNCTIONAL: ownership moved up a support tier (L1 -> L2 -> L3), the ' +
    'assignee cleared and optionally a new group; HIERARCHICAL: it was raised to a named manager.',
  data: z.object({
    incidentId: z.uuid(),
    number: recordNumberSchema,
    kind: escalationKindSchema,
    fromTier: supportTierSchema,
    toTier: supportTierSchema,
    assignmentGroup: z.string().nullable(),
    assignee: personSchema.nullable(),
    /** The manager it was escalated to (HIERARCHICAL only). */
    manager: personSchema.nullable(),
    reason: z.string().min(1),
    priority: prioritySchema,
    escalatedAt: z.iso.datetime({ offset: true }),
  }),
  example: {
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    number: 'INC-000123',
    kind: 'FUNCTIONAL',
    fromTier: 'L1',
    toTier: 'L2',
    assignmentGroup: 'network-operations',
    assignee: null,
    manager: null,
    reason: 'Needs network engineering: CPU exhaustion on every edge node',
    priority: 'P1',
    escalatedAt: '2019-07-02T13:55:00.000Z',
  },
});

export const incidentCommentedV1 = defineEvent({
  type: 'incident.commented',
  version: 1,
  aggregateType: 'incident',
  description:
    'A comment was added to an incident: PUBLIC (visible to the reporter) or an INTERNAL work note. ' +
    'The body is carried for public comments only; internal notes stay in the incident service.',
  data: z.object({
    incidentId: z.uuid(),
    number: recordNumberSchema,
    commentId: z.uuid(),
    visibility: commentVisibilitySchema,
    author: personSchema,
    /** The text of a PUBLIC comment; always null for an INTERNAL note. */
    body: z.string().nullable(),
    reporterId: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
  }),
  example: {
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    number: 'INC-000123',
    commentId: '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a9f',
    visibility: 'PUBLIC',
    author: { id: 'tech-1', name: 'Tess Tech' },
    body: 'We found the cause and are rolling back the rule; service should return within minutes.',
    reporterId: 'user-42',
    createdAt: '2019-07-02T14:05:00.000Z',
  },
});
