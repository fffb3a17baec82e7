import { z } from 'zod';
import { defineEvent } from '../define-event';

const instant = z.iso.datetime({ offset: true });

/** A major incident task's state (modules/mi-task): so nobody duplicates effort. */
export const miTaskStatusSchema = z.enum(['OPEN', 'IN_PROGRESS', 'DONE', 'CANCELLED']);
export type MiTaskStatus = z.infer<typeof miTaskStatusSchema>;

/** What happened to a task in one `incident.task_changed.v1`. */
export const miTaskChangeSchema = z.enum(['CREATED', 'ASSIGNED', 'STARTED', 'COMPLETED', 'CANCELLED']);
export type MiTaskChange = z.infer<typeof miTaskChangeSchema>;

/** The four audiences of a status update (DOMAIN.md, stage 1: inform four groups). */
export const statusAudienceSchema = z.enum(['TECHNICAL_TEAM', 'MANAGEMENT', 'KEY_STAKEHOLDERS', 'USERS']);
export type StatusAudience = z.infer<typeof statusAudienceSchema>;

export const incidentRoomsSetV1 = defineEvent({
  type: 'incident.rooms_set',
  version: 1,
  aggregateType: 'incident',
  description:
    "A major incident's conference bridge (URL and dial-in) and war room (a place or a virtual room) " +
    'were recorded or changed; the data is what they now are (null: none).',
  data: z.object({
    incidentId: z.uuid(),
    bridgeUrl: z.string().nullable(),
    bridgeDialIn: z.string().nullable(),
    warRoom: z.string().nullable(),
  }),
  example: {
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    bridgeUrl: 'https://meet.example.com/inc-000123',
    bridgeDialIn: '+44 20 7946 0000 x 4821',
    warRoom: 'London office, 3rd floor, room Ada',
  },
});

export const incidentTaskChangedV1 = defineEvent({
  type: 'incident.task_changed',
  version: 1,
  aggregateType: 'incident',
  description:
    "A task of a major incident's team was created, assigned (owner or due time), started, completed or " +
    'cancelled (`change`); the data is the task as it now is.',
  data: z.object({
    incidentId: z.uuid(),
    taskId: z.uuid(),
    change: miTaskChangeSchema,
    title: z.string().min(1),
    status: miTaskStatusSchema,
    ownerId: z.string().min(1).nullable(),
    dueAt: instant.nullable(),
  }),
  example: {
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    taskId: '5d1e4c3b-2a19-4f08-9e7d-6c5b4a392817',
    change: 'ASSIGNED',
    title: 'Disable the WAF managed rules globally',
    status: 'OPEN',
    ownerId: 'sre-7',
    dueAt: '2019-07-02T14:10:00.000Z',
  },
});

export const incidentTaskOverdueV1 = defineEvent({
  type: 'incident.task_overdue',
  version: 1,
  aggregateType: 'incident',
  description:
    'A major incident task reached its due time while still OPEN or IN_PROGRESS. Emitted once per due ' +
    'time (a new due time may be overdue again); never for a task done or cancelled in time.',
  data: z.object({
    incidentId: z.uuid(),
    taskId: z.uuid(),
    title: z.string().min(1),
    ownerId: z.string().min(1).nullable(),
    dueAt: instant,
  }),
  example: {
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    taskId: '5d1e4c3b-2a19-4f08-9e7d-6c5b4a392817',
    title: 'Disable the WAF managed rules globally',
    ownerId: 'sre-7',
    dueAt: '2019-07-02T14:10:00.000Z',
  },
});

export const incidentStatusUpdatePublishedV1 = defineEvent({
  type: 'incident.status_update_published',
  version: 1,
  aggregateType: 'incident',
  description:
    'A status update of a major incident was published to some of the four audiences (technical team, ' +
    'management, key stakeholders, users), in sections; the notification service delivers it.',
  data: z.object({
    incidentId: z.uuid(),
    updateId: z.uuid(),
    audiences: z.array(statusAudienceSchema).min(1),
    impact: z.string().min(1),
    currentStatus: z.string().min(1),
    actions: z.string().nullable(),
    nextUpdateDueAt: instant.nullable(),
    publishedAt: instant,
  }),
  example: {
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    updateId: '7f3a2b1c-0d9e-4f8a-b7c6-d5e4f3a2b1c0',
    audiences: ['MANAGEMENT', 'KEY_STAKEHOLDERS', 'USERS'],
    impact: 'About half of the traffic to customer domains returns HTTP 502 worldwide',
    currentStatus: 'The cause is identified: a WAF managed rule exhausts CPU',
    actions: 'The WAF is being disabled globally',
    nextUpdateDueAt: '2019-07-02T14:30:00.000Z',
    publishedAt: '2019-07-02T14:02:00.000Z',
  },
});

export const incidentStatusUpdateOverdueV1 = defineEvent({
  type: 'incident.status_update_overdue',
  version: 1,
  aggregateType: 'incident',
  description:
    'An open major incident went without a status update past its due time: the earlier of the ' +
    "promised next update and the last update (or the declaration) plus the priority's cadence " +
    '(MI_STATUS_UPDATE_CADENCE_MINUTES). Repeated one cadence later while no update comes, a bounded ' +
    'number of times; never once the incident is resolved.',
  data: z.object({
    incidentId: z.uuid(),
    /** The latest update; null when none was published since the declaration. */
    lastUpdateAt: instant.nullable(),
    dueAt: instant,
  }),
  example: {
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    lastUpdateAt: '2019-07-02T14:02:00.000Z',
    dueAt: '2019-07-02T14:32:00.000Z',
  },
});
