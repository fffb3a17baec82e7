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

export const rootCauseMethodSchema = z.enum(['FIVE_WHYS', 'FISHBONE', 'TIMELINE_ANALYSIS']);
export type RootCauseMethod = z.infer<typeof rootCauseMethodSchema>;

export const problemRootCauseIdentifiedV1 = defineEvent({
  type: 'problem.root_cause_identified',
  version: 1,
  aggregateType: 'problem',
  description:
    'The root-cause analysis of a problem concluded: the method used and the root cause statement (emitted ' +
    'when the statement is recorded or changed; the status change to ROOT_CAUSE_IDENTIFIED has its own event).',
  data: z.object({
    problemId: z.uuid(),
    number: recordNumberSchema,
    method: rootCauseMethodSchema,
    rootCause: z.string().min(1),
    incidentIds: z.array(z.uuid()),
  }),
  example: {
    problemId: '5d0b7c1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    number: 'PRB-000007',
    method: 'FIVE_WHYS',
    rootCause: 'A WAF rule with a backtracking regular expression was deployed to every edge node at once',
    incidentIds: ['0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10'],
  },
});

export const problemKnownErrorPublishedV1 = defineEvent({
  type: 'problem.known_error_published',
  version: 1,
  aggregateType: 'problem',
  description:
    'A known error was recorded for a problem (symptoms, root cause, workaround), so the service desk can ' +
    'find the workaround for new incidents with the same symptoms.',
  data: z.object({
    problemId: z.uuid(),
    number: recordNumberSchema,
    knownErrorId: z.uuid(),
    title: z.string().min(1),
    workaround: z.string().min(1),
    incidentIds: z.array(z.uuid()),
  }),
  example: {
    problemId: '5d0b7c1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    number: 'PRB-000007',
    knownErrorId: '3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d',
    title: 'Edge CPU at 100% after a WAF rule update',
    workaround: 'Disable the managed WAF rule set on the edge and purge the cache',
    incidentIds: ['0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10'],
  },
});

export const problemIncidentsLinkedV1 = defineEvent({
  type: 'problem.incidents_linked',
  version: 1,
  aggregateType: 'problem',
  description:
    'Incidents were linked to an existing problem (by hand, or by a merge): only the newly linked ones.',
  data: z.object({
    problemId: z.uuid(),
    number: recordNumberSchema,
    linkedIncidentIds: z.array(z.uuid()).min(1),
  }),
  example: {
    problemId: '5d0b7c1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    number: 'PRB-000007',
    linkedIncidentIds: ['7e6d5c4b-3a29-4817-9605-f4e3d2c1b0a9'],
  },
});

export const problemMergedV1 = defineEvent({
  type: 'problem.merged',
  version: 1,
  aggregateType: 'problem',
  description:
    'Two problem records turned out to be one: the merged one is closed into the surviving one, which now ' +
    'holds every incident of both.',
  data: z.object({
    problemId: z.uuid(),
    number: recordNumberSchema,
    mergedProblemId: z.uuid(),
    mergedNumber: recordNumberSchema,
    incidentIds: z.array(z.uuid()),
  }),
  example: {
    problemId: '5d0b7c1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    number: 'PRB-000007',
    mergedProblemId: '6e1c8d2f-2d3e-4f60-9bac-1d2e3f4a5b6c',
    mergedNumber: 'PRB-000009',
    incidentIds: ['0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10', '7e6d5c4b-3a29-4817-9605-f4e3d2c1b0a9'],
  },
});
