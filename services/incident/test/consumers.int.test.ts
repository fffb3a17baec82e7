import { randomUUID } from 'node:crypto';
import {
  type EventDefinition,
  changeRequestedV1,
  changeStatusChangedV1,
  problemCreatedV1,
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
      `SELECT position, kind, source, actor_id, summary, detail FROM incident_timeline_entry
       WHERE incident_id = $1 AND kind = $2 ORDER BY position`,
      [incidentId, kind],
    );

  const cases: Array<{
    definition: EventDefinition;
    kind: string;
    source: string;
    data: (incidentIds: string[]) => Record<string, unknown>;
    summary: string;
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
      summary: 'Change CHG-000031: implemented',
    },
  ];

  it.each(cases)(
    '$definition.subject: one entry per existing linked incident, even when delivered twice',
    async ({ definition, kind, source, data, summary }) => {
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
