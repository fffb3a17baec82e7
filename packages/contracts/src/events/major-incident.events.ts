import { z } from 'zod';
import { defineEvent } from '../define-event';
import { prioritySchema, recordNumberSchema } from '../shared-schemas';

/** The roles on a major incident team (DOMAIN.md, "Roles"); an external consultant sees only its incidents. */
export const participantRoleSchema = z.enum([
  'MAJOR_INCIDENT_MANAGER',
  'MI_TEAM_MEMBER',
  'TECHNICAL_STAFF',
  'CHANGE_MANAGER',
  'PROBLEM_MANAGER',
  'COMMUNICATIONS_LEAD',
  'EXTERNAL_CONSULTANT',
]);
export type ParticipantRole = z.infer<typeof participantRoleSchema>;

export const incidentParticipantAddedV1 = defineEvent({
  type: 'incident.participant_added',
  version: 1,
  aggregateType: 'incident',
  description:
    "A person joined an incident's team (major incident manager, team member, technical staff, external " +
    'consultant, ...), or an existing participant was given another role: the data is the participant ' +
    'as they now are. Adding someone again with the same role emits nothing.',
  data: z.object({
    incidentId: z.uuid(),
    userId: z.string().min(1),
    name: z.string().min(1),
    role: participantRoleSchema,
  }),
  example: {
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    userId: 'vendor-9',
    name: 'Vera Vendor',
    role: 'EXTERNAL_CONSULTANT',
  },
});

export const incidentParticipantRemovedV1 = defineEvent({
  type: 'incident.participant_removed',
  version: 1,
  aggregateType: 'incident',
  description:
    "A person left an incident's team; `role` is the one they had. An external consultant loses sight " +
    'of the incident at once.',
  data: z.object({
    incidentId: z.uuid(),
    userId: z.string().min(1),
    role: participantRoleSchema,
  }),
  example: {
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    userId: 'vendor-9',
    role: 'EXTERNAL_CONSULTANT',
  },
});

export const incidentMajorDeclaredV1 = defineEvent({
  type: 'incident.major_declared',
  version: 1,
  aggregateType: 'incident',
  description:
    'An open incident was declared a major incident (a deliberate, accountable decision of the major ' +
    'incident manager or the team), with a statement of its impact. Emitted once per incident.',
  data: z.object({
    incidentId: z.uuid(),
    number: recordNumberSchema,
    priority: prioritySchema,
    impactStatement: z.string().min(1),
    declaredAt: z.iso.datetime({ offset: true }),
  }),
  example: {
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    number: 'INC-000123',
    priority: 'P1',
    impactStatement: 'About half of the traffic to customer domains returns HTTP 502 worldwide',
    declaredAt: '2019-07-02T13:50:00.000Z',
  },
});

export const incidentServiceRestoredV1 = defineEvent({
  type: 'incident.service_restored',
  version: 1,
  aggregateType: 'incident',
  description:
    'Service was restored for the users of an incident (a workaround or mitigation) before it is fully ' +
    'resolved: the end of its downtime.',
  data: z.object({
    incidentId: z.uuid(),
    number: recordNumberSchema,
    restoredAt: z.iso.datetime({ offset: true }),
    note: z.string().min(1),
  }),
  example: {
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    number: 'INC-000123',
    restoredAt: '2019-07-02T14:07:00.000Z',
    note: 'WAF disabled globally; traffic back to normal',
  },
});
