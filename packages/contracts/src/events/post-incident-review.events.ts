import { z } from 'zod';
import { defineEvent } from '../define-event';
import { personSchema, recordNumberSchema } from '../shared-schemas';

/**
 * DOMAIN.md, stage 4 (maintenance): the documentation of a major incident, so a similar incident can
 * reuse the proven fix.
 */
export const incidentPostIncidentReviewPublishedV1 = defineEvent({
  type: 'incident.post_incident_review_published',
  version: 1,
  aggregateType: 'incident',
  description:
    "A major incident's post-incident review was published (approved by the major incident manager): " +
    'its summary, impact, root cause and follow-up actions with owners and due dates. Once per incident; ' +
    'a published review is final. The full postmortem document is `Incident.postmortem`.',
  data: z.object({
    incidentId: z.uuid(),
    number: recordNumberSchema,
    title: z.string().min(1),
    summary: z.string().min(1),
    impact: z.string().min(1),
    rootCause: z.string().min(1),
    affectedServices: z.array(z.string().min(1)),
    followUpActions: z.array(
      z.object({
        description: z.string().min(1),
        owner: personSchema,
        dueAt: z.iso.datetime({ offset: true }),
        status: z.enum(['OPEN', 'IN_PROGRESS', 'DONE', 'CANCELLED']),
      }),
    ),
    publishedBy: personSchema,
    publishedAt: z.iso.datetime({ offset: true }),
  }),
  example: {
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    number: 'INC-000123',
    title: 'HTTP 502 on every edge node',
    summary: 'A WAF managed rule drove CPU to 100% on every HTTP serving machine for 27 minutes.',
    impact: 'About half of the traffic to customer domains was unreachable.',
    rootCause: 'A regular expression in the rule backtracked catastrophically.',
    affectedServices: ['edge-proxy'],
    followUpActions: [
      {
        description: 'Benchmark the CPU cost of every WAF rule before deployment',
        owner: { id: 'eng-1', name: 'Eve Engineer' },
        dueAt: '2019-07-19T17:00:00.000Z',
        status: 'OPEN',
      },
    ],
    publishedBy: { id: 'mim-1', name: 'Mia Manager' },
    publishedAt: '2019-07-05T09:00:00.000Z',
  },
});
