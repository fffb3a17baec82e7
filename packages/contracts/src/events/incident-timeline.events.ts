import { z } from 'zod';
import { defineEvent } from '../define-event';
import { commentVisibilitySchema } from '../shared-schemas';

export const incidentTimelineEntryRecordedV1 = defineEvent({
  type: 'incident.timeline_entry_recorded',
  version: 1,
  aggregateType: 'incident',
  description:
    "An entry was appended to an incident's timeline, by whichever module or service recorded it " +
    '(the incident service itself, intake, SLA clocks, problem and change events). `position` is its ' +
    "place in the incident's timeline, 1, 2, 3... in commit order without gaps, so a subscriber that " +
    'saw position n and then n + 2 knows it missed one and reads it (incidentTimelineEntries). The ' +
    'entry itself (summary, actor, detail) is read through GraphQL, where its visibility is enforced.',
  data: z.object({
    incidentId: z.uuid(),
    entryId: z.uuid(),
    position: z.number().int().min(1),
    /** A lowercase code: created, status_changed, comment_added, participant_added, problem_opened, ... */
    kind: z.string().min(1),
    /** The recording service or module: incident, intake, problem, change. */
    source: z.string().min(1),
    /** PUBLIC entries are shown to the reporter; INTERNAL ones to staff and the incident's team only. */
    visibility: commentVisibilitySchema,
    occurredAt: z.iso.datetime({ offset: true }),
  }),
  example: {
    incidentId: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    entryId: '7e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b',
    position: 4,
    kind: 'status_changed',
    source: 'incident',
    visibility: 'PUBLIC',
    occurredAt: '2019-07-02T13:47:00.000Z',
  },
});
