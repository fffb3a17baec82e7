import { randomUUID } from 'node:crypto';
import { IncidentHarness, operations } from './incident-harness';

const list = `query($filter: IncidentFilter) { incidents(first: 100, filter: $filter) { nodes { id isMajor } } }`;

/** Declaring a major incident through HTTP: who may, the rules, its event and entry, and the filters. */
describe('major incident declaration (real PostgreSQL and NATS)', () => {
  let harness: IncidentHarness;
  let technician: string;
  let manager: string;
  let teamMember: string;
  let alice: string;

  beforeAll(async () => {
    harness = await IncidentHarness.start();
    technician = await harness.token('tech-1', ['service_desk_technician'], 'Tess Tech');
    manager = await harness.token('mim-1', ['major_incident_manager'], 'Mia Manager');
    teamMember = await harness.token('team-1', ['mi_team_member'], 'Tom Team');
    alice = await harness.token('alice', ['end_user'], 'Alice');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const declare = (
    token: string,
    id: string,
    expectedVersion: number,
    impactStatement = 'Half of all traffic fails',
  ) =>
    harness.call<{ declareMajorIncident: Record<string, unknown> }>(token, operations.declareMajor, {
      input: { id, expectedVersion, impactStatement },
    });

  it('lets the major incident manager declare: new version, PUBLIC entry, incident.major_declared.v1', async () => {
    const { id, number } = await harness.create(alice, { channel: 'PORTAL' });
    const response = await declare(manager, id, 1, '  Every checkout fails for every customer  ');
    expect(response.errors).toBeUndefined();
    const declared = response.data!.declareMajorIncident;
    expect(declared).toMatchObject({
      version: 2,
      status: 'NEW',
      isMajor: true,
      impactStatement: 'Every checkout fails for every customer',
      majorDeclaredAt: expect.any(String),
    });
    const events = (await harness.events(id)).filter(
      (event) => event.subject === 'incident.major_declared.v1',
    );
    expect(events).toEqual([
      {
        subject: 'incident.major_declared.v1',
        version: 2,
        data: {
          incidentId: id,
          number,
          priority: 'P1',
          impactStatement: 'Every checkout fails for every customer',
          declaredAt: declared.majorDeclaredAt,
        },
      },
    ]);
    // The reporter sees it on the timeline: their incident is handled as a major incident.
    const entries = await harness.ok<{ nodes: Array<Record<string, unknown>> }>(
      alice,
      operations.timelineEntries,
      {
        incidentId: id,
      },
    );
    expect(entries.nodes.at(-1)).toMatchObject({
      position: 2,
      kind: 'major_declared',
      visibility: 'PUBLIC',
      summary: 'Declared a major incident: Every checkout fails for every customer',
      actor: { id: 'mim-1', name: 'Mia Manager' },
    });
    expect((await harness.recordedEntries(id)).map((entry) => [entry.position, entry.kind])).toEqual([
      [1, 'created'],
      [2, 'major_declared'],
    ]);
  });

  it('lets the MI team declare too, and refuses technicians and end users with FORBIDDEN', async () => {
    const { id } = await harness.create(technician);
    const before = await harness.counts();
    expect(
      await harness.errorCode(technician, operations.declareMajor, {
        input: { id, expectedVersion: 1, impactStatement: 'x' },
      }),
    ).toBe('FORBIDDEN');
    expect((await declare(alice, id, 1)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await harness.counts()).toEqual(before);
    expect((await declare(teamMember, id, 1)).data?.declareMajorIncident).toMatchObject({ isMajor: true });
  });

  it('declares once, only an open incident, at the version read; refusals change nothing', async () => {
    const major = await harness.create(technician);
    await declare(manager, major.id, 1);
    const resolved = await harness.create(technician);
    await harness.ok(technician, operations.resolve, {
      input: {
        id: resolved.id,
        expectedVersion: 1,
        resolutionCode: 'WORKAROUND',
        resolutionNotes: 'Restarted',
      },
    });
    const stale = await harness.create(technician);
    await harness.ok(technician, operations.acknowledge, { id: stale.id, v: 1 });
    const before = await harness.counts();
    expect((await declare(manager, major.id, 2)).errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    expect((await declare(manager, resolved.id, 2)).errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    expect((await declare(manager, stale.id, 1)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await declare(manager, randomUUID(), 1)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await declare(manager, stale.id, 2, '   ')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await harness.counts()).toEqual(before);
  });

  it('filters incidents by ids and by major, validating the ids', async () => {
    const one = await harness.create(technician);
    const two = await harness.create(technician);
    await declare(manager, two.id, 1);
    const ids = [one.id, two.id];
    const read = async (filter: Record<string, unknown>) =>
      (await harness.ok<{ nodes: Array<{ id: string; isMajor: boolean }> }>(technician, list, { filter }))
        .nodes;
    expect((await read({ ids })).map((node) => node.id).sort()).toEqual([...ids].sort());
    expect(await read({ ids, major: true })).toEqual([{ id: two.id, isMajor: true }]);
    expect(await read({ ids, major: false })).toEqual([{ id: one.id, isMajor: false }]);
    expect(await read({ ids: [] })).toEqual([]);
    expect((await read({ major: true })).every((node) => node.isMajor)).toBe(true);
    for (const filter of [
      { ids: ['not-a-uuid'] },
      { ids: Array.from({ length: 101 }, () => randomUUID()) },
    ]) {
      const response = await harness.call(technician, list, { filter });
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ path: expect.stringMatching(/^filter\.ids/) })],
      });
    }
  });
});
