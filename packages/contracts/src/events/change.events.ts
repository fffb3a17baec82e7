import { z } from 'zod';
import { defineEvent } from '../define-event';
import { recordNumberSchema } from '../shared-schemas';

export const changeTypeSchema = z.enum(['STANDARD', 'NORMAL', 'EMERGENCY']);

export const changeRequestedV1 = defineEvent({
  type: 'change.requested',
  version: 1,
  aggregateType: 'change_request',
  description: 'A change request was raised (draft), possibly linked to incidents it fixes.',
  data: z.object({
    changeId: z.uuid(),
    number: recordNumberSchema,
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

export const changeStatusSchema = z.enum([
  'DRAFT',
  'SUBMITTED',
  'ASSESSED',
  'APPROVED',
  'REJECTED',
  'SCHEDULED',
  'IMPLEMENTING',
  'IMPLEMENTED',
  'FAILED',
  'ROLLED_BACK',
  'REVIEWED',
  'CLOSED',
]);
export type ChangeStatus = z.infer<typeof changeStatusSchema>;

export const changeStatusChangedV1 = defineEvent({
  type: 'change.status_changed',
  version: 1,
  aggregateType: 'change_request',
  description: 'A change request moved through its lifecycle (approved, implemented, failed, ...).',
  data: z.object({
    changeId: z.uuid(),
    number: recordNumberSchema,
    from: changeStatusSchema,
    to: changeStatusSchema,
    fixesIncidentIds: z.array(z.uuid()),
    changedAt: z.iso.datetime({ offset: true }),
  }),
  example: {
    changeId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    number: 'CHG-000031',
    from: 'IMPLEMENTING',
    to: 'IMPLEMENTED',
    fixesIncidentIds: ['0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10'],
    changedAt: '2019-07-02T14:07:00.000Z',
  },
});

export const changeApprovalDecisionSchema = z.enum(['APPROVE', 'REJECT']);

export const changeApprovalRecordedV1 = defineEvent({
  type: 'change.approval_recorded',
  version: 1,
  aggregateType: 'change_request',
  description:
    "An approver's decision on a change request (a change advisory board member for a normal change, the " +
    'change manager or an approver for an emergency one), with the count of approvals against the quorum.',
  data: z.object({
    changeId: z.uuid(),
    number: recordNumberSchema,
    approverId: z.string().min(1),
    decision: changeApprovalDecisionSchema,
    approvals: z.number().int().nonnegative(),
    quorum: z.number().int().positive(),
    fixesIncidentIds: z.array(z.uuid()),
  }),
  example: {
    changeId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    number: 'CHG-000031',
    approverId: 'cab-2',
    decision: 'APPROVE',
    approvals: 2,
    quorum: 3,
    fixesIncidentIds: ['0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10'],
  },
});

export const changeReviewedV1 = defineEvent({
  type: 'change.reviewed',
  version: 1,
  aggregateType: 'change_request',
  description: 'The post-implementation review of a change was recorded: was the fix effective?',
  data: z.object({
    changeId: z.uuid(),
    number: recordNumberSchema,
    effective: z.boolean(),
    summary: z.string().min(1),
    fixesIncidentIds: z.array(z.uuid()),
    problemIds: z.array(z.uuid()),
  }),
  example: {
    changeId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    number: 'CHG-000031',
    effective: true,
    summary: 'CPU back to 20% on every edge node; no 502 since 14:07',
    fixesIncidentIds: ['0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10'],
    problemIds: ['5d0b7c1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b'],
  },
});
