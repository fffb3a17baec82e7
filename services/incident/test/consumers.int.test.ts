import { randomUUID } from 'node:crypto';
import {
  type EventDefinition,
  changeApprovalRecordedV1,
  changeRequestedV1,
  changeReviewedV1,
  changeStatusChangedV1,
  problemCreatedV1,
  problemIncidentsLinkedV1,
  problemKnownErrorPublishedV1,
  problemMergedV1,
  problemRootCauseIdentifiedV1,
  problemStatusChangedV1,
} from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import { eventually, publishEvent } from '@mim/testing';
import { IncidentHarness } from './incident-harness';

interface Entry {
  position: number;
  kind: string;
  source: string;
  actor_id: string;
  visibility: string;
  summary: string;
  detail: Record<string, unknown>;
}

/**
 * The incident service's consumers: problem and change records linked to incidents land on the
 * incidents' timelines, once per event even when it is delivered again, and unknown incidents are
 * skipped. Events are published to the stream as the problem and change services' relays would.
 */
describe('consumers of problem and change events (real PostgreSQL and NATS)', () => {
  let harness: IncidentHarness;
  let technician: string;

  beforeAll(async () => {
    harness = await IncidentHarness.start();
    technician = await harness.token('tech-1', ['service_desk_technician'], 'Tess Tech');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const entriesOf = (incidentId: string, kind: string) =>
    harness.service.deps.dataSource.query<Entry[]>(
      `SELECT position, kind, source, actor_id, visibility, summary, detail FROM incident_timeline_entry
       WHERE incident_id = $1 AND kind = $2 ORDER BY position`,
      [incidentId, kind],
    );

  const cases: Array<{
    definition: EventDefinition;
    kind: string;
    source: string;
    data: (incidentIds: string[]) => Record<string, unknown>;
    summary: string;
    visibility?: 'PUBLIC' | 'INTERNAL';
  }> = [
    {
      definition: problemCreatedV1,
      kind: 'problem_opened',
      source: 'problem',
      data: (incidentIds) => ({ ...problemCreatedV1.example, problemId: randomUUID(), incidentIds }),
      summary: 'Problem PRB-000007 opened (P1): WAF rule drives CPU to 100%',
    },
    {
      definition: problemStatusChangedV1,
      kind: 'problem_status_changed',
      source: 'problem',
      data: (incidentIds) => ({ ...problemStatusChangedV1.example, problemId: randomUUID(), incidentIds }),
      summary: 'Problem PRB-000007: root cause identified',
    },
    {
      definition: changeRequestedV1,
      kind: 'change_requested',
      source: 'change',
      data: (fixesIncidentIds) => ({
        ...changeRequestedV1.example,
        changeId: randomUUID(),
        fixesIncidentIds,
      }),
      summary: 'Change CHG-000031 requested (emergency) to fix it: Disable WAF managed rule globally',
    },
    {
      definition: changeStatusChangedV1,
      kind: 'change_status_changed',
      source: 'change',
      data: (fixesIncidentIds) => ({
        ...changeStatusChangedV1.example,
        changeId: randomUUID(),
        fixesIncidentIds,
      }),
      summary: 'Change CHG-000031 implemented',
      // A fixing change deployed: the reporter sees it (timeline.domain.ts).
      visibility: 'PUBLIC',
    },
    {
      definition: problemRootCauseIdentifiedV1,
      kind: 'problem_root_cause_identified',
      source: 'problem',
      data: (incidentIds) => ({
        ...problemRootCauseIdentifiedV1.example,
        problemId: randomUUID(),
        incidentIds,
      }),
      summary:
        'Problem PRB-000007: root cause identified (five whys): A WAF rule with a backtracking regular ' +
        'expression was deployed to every edge node at once',
    },
    {
      definition: problemKnownErrorPublishedV1,
      kind: 'problem_known_error_published',
      source: 'problem',
      data: (incidentIds) => ({
        ...problemKnownErrorPublishedV1.example,
        problemId: randomUUID(),
        incidentIds,
      }),
      summary: 'Known error for PRB-000007: Edge CPU at 100% after a WAF rule update; workaround available',
    },
    {
      definition: problemIncidentsLinkedV1,
      kind: 'problem_linked',
      source: 'problem',
      data: (linkedIncidentIds) => ({
        ...problemIncidentsLinkedV1.example,
        problemId: randomUUID(),
        linkedIncidentIds,
      }),
      summary: 'Linked to problem PRB-000007',
    },
    {
      definition: problemMergedV1,
      kind: 'problem_merged',
      source: 'problem',
      data: (incidentIds) => ({ ...problemMergedV1.example, problemId: randomUUID(), incidentIds }),
      summary: 'PRB-000009 merged into PRB-000007',
    },
    {
      definition: changeApprovalRecordedV1,
      kind: 'change_approval_recorded',
      source: 'change',
      data: (fixesIncidentIds) => ({
        ...changeApprovalRecordedV1.example,
        changeId: randomUUID(),
        fixesIncidentIds,
      }),
      summary: 'CHG-000031: approved by cab-2 (2 of 3)',
    },
    {
      definition: changeReviewedV1,
      kind: 'change_reviewed',
      source: 'change',
      data: (fixesIncidentIds) => ({ ...changeReviewedV1.example, changeId: randomUUID(), fixesIncidentIds }),
      summary: 'CHG-000031 post-implementation review: effective',
    },
  ];

  it.each(cases)(
    '$definition.subject: one entry per existing linked incident, even when delivered twice',
    async ({ definition, kind, source, data, summary, visibility = 'INTERNAL' }) => {
      const first = await harness.create(technician);
      const second = await harness.create(technician);
      const marker = await harness.create(technician);
      const unknown = randomUUID();
      const event = newEvent(definition, {
        aggregateId: randomUUID(),
        aggregateVersion: 1,
        actor: { kind: 'user', id: 'pm-1' },
        correlationId: `test-${randomUUID()}`,
        data: data([second.id, unknown, first.id]),
      });
      await publishEvent(harness.service.deps.bus, event);
      await eventually(async () => expect(await entriesOf(first.id, kind)).toHaveLength(1));
      // Delivered again under another message id (the broker's de-duplication does not catch it).
      await publishEvent(harness.service.deps.bus, event, `${event.id}-again`);
      // One consumer per subject, in stream order: once a later event is handled, the repeat was too.
      const later = newEvent(definition, {
        aggregateId: randomUUID(),
        aggregateVersion: 1,
        actor: { kind: 'system', id: source },
        correlationId: 'marker',
        data: data([marker.id]),
      });
      await publishEvent(harness.service.deps.bus, later);
      await eventually(async () => expect(await entriesOf(marker.id, kind)).toHaveLength(1));

      for (const incident of [first, second]) {
        expect(await entriesOf(incident.id, kind)).toEqual([
          {
            position: 2,
            kind,
            source,
            actor_id: 'pm-1',
            visibility,
            summary,
            detail: expect.objectContaining({ number: (event.data as { number: string }).number }),
          },
        ]);
        // Announced like every entry, in the event's correlation.
        const recorded = await harness.service.deps.dataSource.query<Array<{ correlation: string }>>(
          `SELECT envelope->>'correlationId' AS correlation FROM outbox_message
           WHERE subject = 'incident.timeline_entry_recorded.v1' AND envelope->'data'->>'incidentId' = $1
             AND envelope->'data'->>'kind' = $2`,
          [incident.id, kind],
        );
        expect(recorded).toEqual([{ correlation: event.correlationId }]);
      }
      expect((await entriesOf(marker.id, kind))[0]?.actor_id).toBe(`system:${source}`);
      const [unknownRows] = await harness.service.deps.dataSource.query<[{ count: number }]>(
        `SELECT count(*)::int AS count FROM incident_timeline_entry WHERE incident_id = $1`,
        [unknown],
      );
      expect(unknownRows.count).toBe(0);
      const [inbox] = await harness.service.deps.dataSource.query<[{ count: number }]>(
        `SELECT count(*)::int AS count FROM inbox_message WHERE event_id = $1`,
        [event.id],
      );
      expect(inbox.count).toBe(1);
    },
  );
});
