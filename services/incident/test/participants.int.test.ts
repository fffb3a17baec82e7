import { IncidentHarness, operations } from './incident-harness';

interface Team {
  id: string;
  version: number;
  participants: Array<{ person: { id: string; name: string }; role: string; addedAt: string }>;
}

const readAsConsultant = `query($id: ID!, $filter: IncidentFilter) {
  incident(id: $id) {
    id
    participants { person { id } role }
    comments { body visibility }
    timeline(first: 100) { nodes { kind visibility } }
  }
  incidents(filter: $filter) { nodes { id } }
  _entities(representations: [{ __typename: "Incident", id: $id }]) { ... on Incident { id } }
}`;

/**
 * The incident's team: who may establish it, idempotent adds and role changes, its events and timeline
 * entries, and the visibility it gives an external consultant, from the moment they are added until the
 * moment they are removed.
 */
describe('incident participants (real PostgreSQL and NATS)', () => {
  let harness: IncidentHarness;
  let technician: string;
  let manager: string;
  let teamMember: string;
  let admin: string;
  let alice: string;
  let vendor: string;

  beforeAll(async () => {
    harness = await IncidentHarness.start();
    technician = await harness.token('tech-1', ['service_desk_technician'], 'Tess Tech');
    manager = await harness.token('mim-1', ['major_incident_manager'], 'Mia Manager');
    teamMember = await harness.token('team-1', ['mi_team_member'], 'Tom Team');
    admin = await harness.token('root', ['admin'], 'Admin');
    alice = await harness.token('alice', ['end_user'], 'Alice');
    vendor = await harness.token('vendor-9', ['external_consultant'], 'Vera Vendor');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const add = (token: string, incidentId: string, userId: string, role: string, name = userId) =>
    harness.call<{ addIncidentParticipant: Team }>(token, operations.addParticipant, {
      input: { incidentId, person: { id: userId, name }, role },
    });
  const remove = (token: string, incidentId: string, userId: string) =>
    harness.call<{ removeIncidentParticipant: Team }>(token, operations.removeParticipant, {
      input: { incidentId, userId },
    });
  const teamEvents = async (incidentId: string) =>
    (await harness.events(incidentId)).filter((event) => event.subject.includes('participant'));

  it('lets only the major incident manager and admins establish the team; others get FORBIDDEN', async () => {
    const { id } = await harness.create(technician);
    const before = await harness.counts();
    for (const token of [technician, teamMember, alice, vendor]) {
      const refused = await add(token, id, 'user-7', 'MI_TEAM_MEMBER');
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await harness.counts()).toEqual(before);
    const byManager = await add(manager, id, 'user-7', 'MI_TEAM_MEMBER', 'Grace Hopper');
    expect(byManager.errors).toBeUndefined();
    expect(byManager.data?.addIncidentParticipant).toMatchObject({
      id,
      version: 1,
      participants: [{ person: { id: 'user-7', name: 'Grace Hopper' }, role: 'MI_TEAM_MEMBER' }],
    });
    expect((await add(admin, id, 'user-8', 'TECHNICAL_STAFF')).errors).toBeUndefined();
    expect((await remove(teamMember, id, 'user-8')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await remove(admin, id, 'user-8')).errors).toBeUndefined();
  });

  it('adds idempotently, changes a role, removes, each with its INTERNAL entry and its event', async () => {
    const { id } = await harness.create(technician);
    await add(manager, id, 'user-7', 'MI_TEAM_MEMBER', 'Grace Hopper');
    const counts = await harness.counts();
    const again = await add(manager, id, 'user-7', 'MI_TEAM_MEMBER', 'Grace Hopper');
    expect(again.data?.addIncidentParticipant.participants).toHaveLength(1);
    expect(await harness.counts()).toEqual(counts);

    const changed = await add(manager, id, 'user-7', 'TECHNICAL_STAFF', 'Grace Hopper');
    expect(changed.data?.addIncidentParticipant.participants).toEqual([
      {
        person: { id: 'user-7', name: 'Grace Hopper' },
        role: 'TECHNICAL_STAFF',
        addedAt: again.data?.addIncidentParticipant.participants[0]?.addedAt,
      },
    ]);
    const removed = await remove(manager, id, 'user-7');
    expect(removed.data?.removeIncidentParticipant).toMatchObject({ version: 1, participants: [] });

    expect(await teamEvents(id)).toEqual([
      {
        subject: 'incident.participant_added.v1',
        version: 1,
        data: { incidentId: id, userId: 'user-7', name: 'Grace Hopper', role: 'MI_TEAM_MEMBER' },
      },
      {
        subject: 'incident.participant_added.v1',
        version: 1,
        data: { incidentId: id, userId: 'user-7', name: 'Grace Hopper', role: 'TECHNICAL_STAFF' },
      },
      {
        subject: 'incident.participant_removed.v1',
        version: 1,
        data: { incidentId: id, userId: 'user-7', role: 'TECHNICAL_STAFF' },
      },
    ]);
    const entries = await harness.ok<{ nodes: Array<Record<string, unknown>> }>(
      technician,
      operations.timelineEntries,
      { incidentId: id, afterPosition: 1 },
    );
    expect(entries.nodes).toEqual([
      expect.objectContaining({
        position: 2,
        kind: 'participant_added',
        visibility: 'INTERNAL',
        summary: 'Grace Hopper joined the team as MI team member',
        actor: { id: 'mim-1', name: 'Mia Manager' },
      }),
      expect.objectContaining({
        position: 3,
        kind: 'participant_added',
        summary: 'Grace Hopper is now technical staff (was MI team member)',
      }),
      expect.objectContaining({
        position: 4,
        kind: 'participant_removed',
        visibility: 'INTERNAL',
        detail: { userId: 'user-7', name: 'Grace Hopper', role: 'TECHNICAL_STAFF' },
      }),
    ]);
  });

  it('refuses to remove someone who is not on the team with NOT_FOUND, and an unknown incident alike', async () => {
    const { id } = await harness.create(technician);
    const before = await harness.counts();
    expect((await remove(manager, id, 'nobody')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(
      (await add(manager, '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10', 'user-7', 'MI_TEAM_MEMBER')).errors?.[0]
        ?.extensions?.code,
    ).toBe('NOT_FOUND');
    // An unknown role is refused by the schema (variable coercion).
    expect((await add(manager, id, 'user-7', 'CHIEF')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await harness.counts()).toEqual(before);
  });

  it('shows an external consultant an incident only while they are on its team, internal side included', async () => {
    const { id } = await harness.create(technician);
    const other = await harness.create(technician);
    await harness.ok(technician, operations.comment, {
      incidentId: id,
      body: 'work note',
      visibility: 'INTERNAL',
    });
    const filter = { ids: [id, other.id] };
    const read = () =>
      harness.call<{
        incident: {
          participants: Array<{ person: { id: string } }>;
          comments: Array<{ visibility: string }>;
          timeline: { nodes: Array<{ kind: string; visibility: string }> };
        } | null;
        incidents: { nodes: Array<{ id: string }> };
        _entities: Array<{ id: string } | null>;
      }>(vendor, readAsConsultant, { id, filter });

    const before = await read();
    expect(before.data).toEqual({ incident: null, incidents: { nodes: [] }, _entities: [null] });
    expect(await harness.errorCode(vendor, operations.timelineEntries, { incidentId: id })).toBe('NOT_FOUND');

    await add(manager, id, 'vendor-9', 'EXTERNAL_CONSULTANT', 'Vera Vendor');
    const during = await read();
    expect(during.errors).toBeUndefined();
    expect(during.data?.incidents.nodes).toEqual([{ id }]);
    expect(during.data?._entities).toEqual([{ id }]);
    // A team member reads the team's work: work notes and internal entries, and the roster.
    expect(during.data?.incident?.comments).toEqual([{ body: 'work note', visibility: 'INTERNAL' }]);
    expect(during.data?.incident?.timeline.nodes.map((node) => node.kind)).toEqual([
      'created',
      'comment_added',
      'participant_added',
    ]);
    expect(during.data?.incident?.participants).toEqual([
      { person: { id: 'vendor-9' }, role: 'EXTERNAL_CONSULTANT' },
    ]);
    const entries = await harness.ok<{ nodes: unknown[]; latestPosition: number }>(
      vendor,
      operations.timelineEntries,
      {
        incidentId: id,
      },
    );
    expect(entries).toMatchObject({ latestPosition: 3 });
    expect(entries.nodes).toHaveLength(3);
    // Still nothing else, and still no right to change anything.
    expect(
      (
        await harness.call<{ incident: unknown }>(vendor, `query($id: ID!) { incident(id: $id) { id } }`, {
          id: other.id,
        })
      ).data?.incident,
    ).toBeNull();
    expect(await harness.errorCode(vendor, operations.acknowledge, { id, v: 1 })).toBe('FORBIDDEN');

    await remove(manager, id, 'vendor-9');
    const after = await read();
    expect(after.data).toEqual({ incident: null, incidents: { nodes: [] }, _entities: [null] });
    expect(await harness.errorCode(vendor, operations.timelineEntries, { incidentId: id })).toBe('NOT_FOUND');
  });

  it('shows the reporter no roster, and the roster to staff', async () => {
    const { id } = await harness.create(alice, { channel: 'PORTAL' });
    await add(manager, id, 'user-7', 'MI_TEAM_MEMBER', 'Grace Hopper');
    const query = `query($id: ID!) { incident(id: $id) { participants { person { id } } } }`;
    const asReporter = await harness.call<{ incident: { participants: unknown[] } }>(alice, query, { id });
    expect(asReporter.data?.incident.participants).toEqual([]);
    const asStaff = await harness.call<{ incident: { participants: unknown[] } }>(technician, query, { id });
    expect(asStaff.data?.incident.participants).toEqual([{ person: { id: 'user-7' } }]);
  });
});
