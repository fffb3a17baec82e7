import { randomUUID } from 'node:crypto';
import { IncidentHarness, operations } from './incident-harness';

interface EntryList {
  nodes: Array<{ id: string; position: number; kind: string; visibility: string; source: string }>;
  hasMore: boolean;
  latestPosition: number;
}

/**
 * Timeline positions: 1..n per incident in commit order, whoever appends, announced as
 * incident.timeline_entry_recorded.v1, and read back by position (incidentTimelineEntries) within the
 * caller's visibility.
 */
describe('timeline positions and incidentTimelineEntries (real PostgreSQL and NATS)', () => {
  let harness: IncidentHarness;
  let technician: string;
  let manager: string;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    harness = await IncidentHarness.start();
    technician = await harness.token('tech-1', ['service_desk_technician'], 'Tess Tech');
    manager = await harness.token('mim-1', ['major_incident_manager'], 'Mia Manager');
    alice = await harness.token('alice', ['end_user'], 'Alice');
    bob = await harness.token('bob', ['end_user'], 'Bob');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const entries = async (token: string, variables: Record<string, unknown>) =>
    harness.ok<EntryList>(token, operations.timelineEntries, variables);

  it('numbers the entries 1..n without gaps when 20 comments, a change and a team change race', async () => {
    const { id } = await harness.create(technician);
    const results = await Promise.all([
      ...Array.from({ length: 20 }, (_unused, index) =>
        harness.call(technician, operations.comment, {
          incidentId: id,
          body: `note ${index}`,
          visibility: index % 2 === 0 ? 'INTERNAL' : 'PUBLIC',
        }),
      ),
      harness.call(technician, operations.acknowledge, { id, v: 1 }),
      harness.call(manager, operations.addParticipant, {
        input: { incidentId: id, person: { id: 'user-7', name: 'Grace Hopper' }, role: 'MI_TEAM_MEMBER' },
      }),
    ]);
    expect(results.flatMap((result) => result.errors ?? [])).toEqual([]);

    const rows = await harness.service.deps.dataSource.query<Array<{ position: number }>>(
      `SELECT position FROM incident_timeline_entry WHERE incident_id = $1 ORDER BY position`,
      [id],
    );
    const oneToN = Array.from({ length: 23 }, (_unused, index) => index + 1);
    expect(rows.map((row) => row.position)).toEqual(oneToN);
    expect(await harness.row(id)).toMatchObject({ timeline_length: 23, version: 2 });

    // One event per entry, written in commit order: the outbox order is the position order.
    const recorded = await harness.recordedEntries(id);
    expect(recorded.map((event) => event.position)).toEqual(oneToN);
    const all = await entries(technician, { incidentId: id });
    expect(all.nodes.map((node) => node.id)).toEqual(recorded.map((event) => event.entryId));
    expect(all.nodes.map((node) => node.kind).sort()).toEqual(
      ['created', 'status_changed', 'participant_added', ...Array<string>(20).fill('comment_added')].sort(),
    );
    expect(all).toMatchObject({ hasMore: false, latestPosition: 23 });
  });

  it('announces each entry with its position, kind, source and visibility, in the request correlation', async () => {
    const { id } = await harness.create(technician);
    await harness.ok(technician, operations.comment, { incidentId: id, body: 'x', visibility: 'INTERNAL' });
    await harness.ok(technician, operations.acknowledge, { id, v: 1 });
    const events = await harness.service.deps.dataSource.query<
      Array<{ data: Record<string, unknown>; aggregate: { id: string; version: number; type: string } }>
    >(
      `SELECT envelope->'data' AS data, envelope->'aggregate' AS aggregate FROM outbox_message
       WHERE subject = 'incident.timeline_entry_recorded.v1' AND envelope->'data'->>'incidentId' = $1
       ORDER BY position`,
      [id],
    );
    expect(events).toEqual([
      {
        aggregate: { type: 'incident', id, version: 1 },
        data: expect.objectContaining({
          position: 1,
          kind: 'created',
          source: 'incident',
          visibility: 'PUBLIC',
        }),
      },
      {
        aggregate: { type: 'incident', id, version: 1 },
        data: expect.objectContaining({ position: 2, kind: 'comment_added', visibility: 'INTERNAL' }),
      },
      {
        aggregate: { type: 'incident', id, version: 2 },
        data: expect.objectContaining({ position: 3, kind: 'status_changed', visibility: 'PUBLIC' }),
      },
    ]);
    expect(events[0]!.data).toEqual({
      incidentId: id,
      entryId: expect.any(String),
      position: 1,
      kind: 'created',
      source: 'incident',
      visibility: 'PUBLIC',
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('pages by position: after a position, at most `first`, hasMore and latestPosition', async () => {
    const { id } = await harness.create(technician);
    for (let index = 0; index < 4; index += 1) {
      await harness.ok(technician, operations.comment, {
        incidentId: id,
        body: `n${index}`,
        visibility: 'PUBLIC',
      });
    }
    const first = await entries(technician, { incidentId: id, first: 2 });
    expect(first.nodes.map((node) => node.position)).toEqual([1, 2]);
    expect(first).toMatchObject({ hasMore: true, latestPosition: 5 });
    const second = await entries(technician, { incidentId: id, afterPosition: 2, first: 2 });
    expect(second.nodes.map((node) => node.position)).toEqual([3, 4]);
    expect(second.hasMore).toBe(true);
    const last = await entries(technician, { incidentId: id, afterPosition: 4, first: 2 });
    expect(last.nodes.map((node) => node.position)).toEqual([5]);
    expect(last).toMatchObject({ hasMore: false, latestPosition: 5 });
    expect(await entries(technician, { incidentId: id, afterPosition: 5 })).toEqual({
      nodes: [],
      hasMore: false,
      latestPosition: 5,
    });
  });

  it('shows the reporter the public entries only, their latest position among them', async () => {
    const { id } = await harness.create(alice, { channel: 'PORTAL' });
    await harness.ok(technician, operations.comment, {
      incidentId: id,
      body: 'public',
      visibility: 'PUBLIC',
    });
    await harness.ok(technician, operations.comment, {
      incidentId: id,
      body: 'note',
      visibility: 'INTERNAL',
    });
    const asReporter = await entries(alice, { incidentId: id });
    expect(asReporter.nodes.map((node) => [node.position, node.kind, node.visibility])).toEqual([
      [1, 'created', 'PUBLIC'],
      [2, 'comment_added', 'PUBLIC'],
    ]);
    expect(asReporter).toMatchObject({ hasMore: false, latestPosition: 2 });
    const asStaff = await entries(technician, { incidentId: id });
    expect(asStaff.nodes).toHaveLength(3);
    expect(asStaff.latestPosition).toBe(3);
    // Reporter pages skip the internal entries without reporting more to come.
    const page = await entries(alice, { incidentId: id, afterPosition: 1, first: 1 });
    expect(page).toMatchObject({ nodes: [{ position: 2 }], hasMore: false });
  });

  it('answers NOT_FOUND for an incident the caller may not see, an unknown one and a malformed id', async () => {
    const { id } = await harness.create(alice, { channel: 'PORTAL' });
    expect(await harness.errorCode(bob, operations.timelineEntries, { incidentId: id })).toBe('NOT_FOUND');
    const asBob = await harness.call<{ incident: unknown }>(
      bob,
      `query($id: ID!) { incident(id: $id) { id } }`,
      {
        id,
      },
    );
    expect(asBob.data?.incident).toBeNull();
    expect(
      await harness.errorCode(technician, operations.timelineEntries, { incidentId: randomUUID() }),
    ).toBe('NOT_FOUND');
    expect(await harness.errorCode(technician, operations.timelineEntries, { incidentId: 'INC-1' })).toBe(
      'NOT_FOUND',
    );
  });

  it.each([
    ['first 0', { first: 0 }, 'first'],
    ['first 101', { first: 101 }, 'first'],
    ['a negative afterPosition', { afterPosition: -1 }, 'afterPosition'],
  ])('refuses %s with BAD_USER_INPUT', async (_case, args, path) => {
    const { id } = await harness.create(technician);
    const response = await harness.call(technician, operations.timelineEntries, { incidentId: id, ...args });
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ path })],
    });
  });
});
