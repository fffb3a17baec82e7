import { randomUUID } from 'node:crypto';
import { eventually } from '@mim/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { type Problem, ProblemHarness, fiveWhys, operations, validInput } from './problem-harness';

const incidentProblemsQuery = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Incident { id problems { id number } } }
}`;

/** Opening problems, their lifecycle, owner and incident links, and the reads, over HTTP. */
describe('problem service (real PostgreSQL and NATS)', () => {
  let harness: ProblemHarness;
  let problemManager: string;
  let technician: string;

  beforeAll(async () => {
    harness = await ProblemHarness.start();
    problemManager = await harness.token('pm-1', ['problem_manager'], 'Pat Problem');
    technician = await harness.token('tech-1', ['service_desk_technician'], 'Tess Tech');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('opens a problem linked to incidents, owned by the problem manager, and publishes problem.created.v1', async () => {
    const incidentId = randomUUID();
    const created = await harness.create(problemManager, validInput([incidentId, incidentId.toUpperCase()]));
    expect(created).toMatchObject({
      status: 'NEW',
      version: 1,
      owner: { id: 'pm-1', name: 'Pat Problem' },
      affectedServices: ['edge-proxy'],
      incidents: [{ id: incidentId }],
      originIncident: null,
      mergedInto: null,
    });
    expect(created.number).toMatch(/^PRB-\d{6}$/);

    // Through the outbox relay onto the stream, under the event id as message id.
    const { service } = harness;
    const jsm = await jetstreamManager(service.deps.bus.connection);
    const topology = service.deps.bus.topology;
    const stored = await eventually(async () => {
      const message = await jsm.streams.getMessage(topology.stream, {
        last_by_subj: `${topology.subjectPrefix}.problem.created.v1`,
      });
      expect(message).not.toBeNull();
      return message!;
    });
    const envelope = stored.json<{ id: string; aggregate: { id: string }; data: Record<string, unknown> }>();
    expect(envelope.aggregate.id).toBe(created.id);
    expect(envelope.data).toEqual({
      problemId: created.id,
      number: created.number,
      title: 'WAF rule drives CPU to 100%',
      priority: 'P1',
      incidentIds: [incidentId],
    });
    expect(stored.header.get('Nats-Msg-Id')).toBe(envelope.id);
  });

  it('leaves a problem opened by a technician unowned; a major incident manager may name the owner', async () => {
    expect((await harness.create(technician)).owner).toBeNull();
    const mim = await harness.token('mim-1', ['major_incident_manager']);
    const named = await harness.create(mim, { ...validInput(), owner: { id: 'pm-2', name: 'Paula' } });
    expect(named.owner).toEqual({ id: 'pm-2', name: 'Paula' });
    const before = await harness.counts();
    expect(
      await harness.errorCode(technician, operations.create, {
        input: { ...validInput(), owner: { id: 'pm-2', name: 'Paula' } },
      }),
    ).toBe('FORBIDDEN');
    expect(await harness.counts()).toEqual(before);
  });

  it('refuses invalid input with BAD_USER_INPUT and writes nothing', async () => {
    const before = await harness.counts();
    const response = await harness.call(problemManager, operations.create, {
      input: { ...validInput(), title: '  ', incidentIds: ['not-an-id'] },
    });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = (response.errors?.[0]?.extensions?.fields as Array<{ path: string }>).map((f) => f.path);
    expect(fields).toEqual(expect.arrayContaining(['title', 'incidentIds.0']));
    expect(await harness.errorCode(problemManager, '{ problems(first: 101) { nodes { id } } }')).toBe(
      'BAD_USER_INPUT',
    );
    expect(await harness.counts()).toEqual(before);
  });

  it('refuses creation by a role that does not open problem records with FORBIDDEN', async () => {
    const before = await harness.counts();
    for (const roles of [
      ['technical_staff'],
      ['change_manager'],
      ['end_user'],
      ['external_consultant'],
    ] as const) {
      const token = await harness.token('someone', [...roles]);
      expect(await harness.errorCode(token, operations.create, { input: validInput() })).toBe('FORBIDDEN');
    }
    expect(await harness.counts()).toEqual(before);
  });

  it('walks the lifecycle with its guards, back moves included, and refuses what it must without change', async () => {
    let problem = await harness.create(problemManager);
    problem = await harness.changeStatus(problemManager, problem, 'UNDER_INVESTIGATION');
    expect(problem).toMatchObject({ status: 'UNDER_INVESTIGATION', version: 2 });
    expect(await harness.events(problem.id, 'problem.status_changed.v1')).toEqual([
      expect.objectContaining({
        version: 2,
        actor: { kind: 'user', id: 'pm-1' },
        data: {
          problemId: problem.id,
          number: problem.number,
          from: 'NEW',
          to: 'UNDER_INVESTIGATION',
          incidentIds: [problem.incidents[0]!.id],
          changedAt: expect.any(String),
        },
      }),
    ]);

    const refusals: Array<[token: string, version: number, status: string, code: string]> = [
      // No root cause statement yet.
      [problemManager, 2, 'ROOT_CAUSE_IDENTIFIED', 'INVALID_TRANSITION'],
      [problemManager, 1, 'ROOT_CAUSE_IDENTIFIED', 'CONFLICT'],
      [problemManager, 2, 'RESOLVED', 'INVALID_TRANSITION'],
      [technician, 2, 'UNDER_INVESTIGATION', 'FORBIDDEN'],
      [await harness.token('mim-1', ['major_incident_manager']), 2, 'NEW', 'FORBIDDEN'],
      [await harness.token('eu', ['end_user']), 2, 'NEW', 'FORBIDDEN'],
    ];
    for (const [token, v, status, code] of refusals) {
      const row = await harness.row(problem.id);
      const counts = await harness.counts();
      expect(await harness.errorCode(token, operations.changeStatus, { id: problem.id, v, status })).toBe(
        code,
      );
      expect(await harness.row(problem.id)).toEqual(row);
      expect(await harness.counts()).toEqual(counts);
    }

    problem = await harness.recordAnalysis(problemManager, problem);
    problem = await harness.changeStatus(problemManager, problem, 'ROOT_CAUSE_IDENTIFIED');
    // The analysis was wrong: back to the investigation, and forward again.
    problem = await harness.changeStatus(problemManager, problem, 'UNDER_INVESTIGATION');
    problem = await harness.changeStatus(problemManager, problem, 'ROOT_CAUSE_IDENTIFIED');
    expect(
      await harness.errorCode(problemManager, operations.changeStatus, {
        id: problem.id,
        v: problem.version,
        status: 'KNOWN_ERROR',
      }),
    ).toBe('INVALID_TRANSITION');
    const knownError = await harness.recordKnownError(problemManager, problem, {
      title: 'Edge CPU at 100% after a WAF rule update',
      symptoms: 'HTTP 502 everywhere',
      workaround: 'Disable the managed WAF rule set',
    });
    problem = { ...problem, version: knownError.problem.version };
    for (const status of ['KNOWN_ERROR', 'RESOLVED', 'KNOWN_ERROR', 'RESOLVED', 'CLOSED']) {
      problem = await harness.changeStatus(problemManager, problem, status);
    }
    expect(problem).toMatchObject({ status: 'CLOSED', version: 12 });
    expect(
      (await harness.events(problem.id, 'problem.status_changed.v1')).map((event) => [
        event.data.from,
        event.data.to,
        event.version,
      ]),
    ).toEqual([
      ['NEW', 'UNDER_INVESTIGATION', 2],
      ['UNDER_INVESTIGATION', 'ROOT_CAUSE_IDENTIFIED', 4],
      ['ROOT_CAUSE_IDENTIFIED', 'UNDER_INVESTIGATION', 5],
      ['UNDER_INVESTIGATION', 'ROOT_CAUSE_IDENTIFIED', 6],
      ['ROOT_CAUSE_IDENTIFIED', 'KNOWN_ERROR', 8],
      ['KNOWN_ERROR', 'RESOLVED', 9],
      ['RESOLVED', 'KNOWN_ERROR', 10],
      ['KNOWN_ERROR', 'RESOLVED', 11],
      ['RESOLVED', 'CLOSED', 12],
    ]);
    // CLOSED is final.
    for (const status of ['RESOLVED', 'UNDER_INVESTIGATION']) {
      expect(
        await harness.errorCode(problemManager, operations.changeStatus, { id: problem.id, v: 12, status }),
      ).toBe('INVALID_TRANSITION');
    }
  });

  it('lets a problem manager take an unowned problem, and a major incident manager hand one over', async () => {
    const problem = await harness.create(technician);
    const taken = await harness.ok(problemManager, operations.assignOwner, {
      id: problem.id,
      v: 1,
      owner: { id: 'pm-1', name: 'Pat Problem' },
    });
    expect(taken).toMatchObject({ owner: { id: 'pm-1', name: 'Pat Problem' }, version: 2 });
    const mim = await harness.token('mim-1', ['major_incident_manager']);
    const handed = await harness.ok(mim, operations.assignOwner, {
      id: problem.id,
      v: 2,
      owner: { id: 'pm-2', name: 'Paula' },
    });
    expect(handed).toMatchObject({ owner: { id: 'pm-2', name: 'Paula' }, version: 3 });
    const row = await harness.row(problem.id);
    expect(
      await harness.errorCode(technician, operations.assignOwner, {
        id: problem.id,
        v: 3,
        owner: { id: 'tech-1', name: 'Tess' },
      }),
    ).toBe('FORBIDDEN');
    expect(
      await harness.errorCode(problemManager, operations.assignOwner, {
        id: problem.id,
        v: 2,
        owner: { id: 'pm-1', name: 'Pat' },
      }),
    ).toBe('CONFLICT');
    expect(await harness.row(problem.id)).toEqual(row);
    const filtered = await harness.ok<{ nodes: Array<{ id: string }> }>(problemManager, operations.list, {
      filter: { ownerId: 'pm-2' },
    });
    expect(filtered.nodes.map((node) => node.id)).toContain(problem.id);
  });

  it('links more incidents, announcing only the new ones, and is idempotent for the linked ones', async () => {
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
    const problem = await harness.create(technician, validInput([first]));
    const linked = await harness.ok(technician, operations.link, {
      id: problem.id,
      v: 1,
      incidentIds: [first, second, third, second],
    });
    expect(linked).toMatchObject({ version: 2, incidents: [{ id: first }, { id: second }, { id: third }] });
    expect(await harness.events(problem.id, 'problem.incidents_linked.v1')).toEqual([
      expect.objectContaining({
        version: 2,
        data: { problemId: problem.id, number: problem.number, linkedIncidentIds: [second, third] },
      }),
    ]);

    // All linked already: nothing changes, even with the version read before the first link.
    const counts = await harness.counts();
    const again = await harness.ok(technician, operations.link, {
      id: problem.id,
      v: 1,
      incidentIds: [third, first],
    });
    expect(again.version).toBe(2);
    expect(await harness.counts()).toEqual(counts);
    // Something new with a stale version: CONFLICT, nothing written.
    expect(
      await harness.errorCode(technician, operations.link, {
        id: problem.id,
        v: 1,
        incidentIds: [randomUUID()],
      }),
    ).toBe('CONFLICT');
    expect(
      await harness.errorCode(await harness.token('ts', ['technical_staff']), operations.link, {
        id: problem.id,
        v: 2,
        incidentIds: [randomUUID()],
      }),
    ).toBe('FORBIDDEN');
    expect(await harness.counts()).toEqual(counts);
  });

  it('resolves Incident.problems through _entities, batched per incident', async () => {
    const [shared, other] = [randomUUID(), randomUUID()];
    const older = await harness.create(problemManager, validInput([shared]));
    const newer = await harness.create(problemManager, validInput([shared, other]));
    const response = await harness.call<{
      _entities: Array<{ id: string; problems: Array<{ id: string }> }>;
    }>(problemManager, incidentProblemsQuery, {
      representations: [shared, other, randomUUID()].map((id) => ({ __typename: 'Incident', id })),
    });
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities).toEqual([
      {
        id: shared,
        problems: [
          { id: newer.id, number: newer.number },
          { id: older.id, number: older.number },
        ],
      },
      { id: other, problems: [{ id: newer.id, number: newer.number }] },
      { id: expect.any(String), problems: [] },
    ]);
    const problems = await harness.call<{ _entities: Array<{ id: string; number: string } | null> }>(
      problemManager,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Problem { id number } } }`,
      {
        representations: [
          { __typename: 'Problem', id: older.id },
          { __typename: 'Problem', id: randomUUID() },
        ],
      },
    );
    expect(problems.data?._entities).toEqual([{ id: older.id, number: older.number }, null]);
  });

  it('pages newest first with a keyset cursor, and filters', async () => {
    const marker = `marker${randomUUID().slice(0, 8)}`;
    const service = `svc-${marker}`;
    const p3 = await harness.create(technician, {
      ...validInput(),
      priority: 'P3',
      affectedServices: [service],
    });
    const p2 = await harness.create(problemManager, {
      ...validInput(),
      priority: 'P2',
      description: `Saturated connection pools (${marker})`,
      affectedServices: [service],
    });
    const moved = await harness.changeStatus(problemManager, p2, 'UNDER_INVESTIGATION');
    type Page = { nodes: Array<{ id: string }>; pageInfo: { endCursor: string; hasNextPage: boolean } };
    const ids = async (filter: Record<string, unknown>) =>
      (await harness.ok<Page>(problemManager, operations.list, { filter, first: 100 })).nodes.map(
        (n) => n.id,
      );

    expect(await ids({ service })).toEqual([p2.id, p3.id]);
    expect(await ids({ service, priority: ['P3'] })).toEqual([p3.id]);
    expect(await ids({ service, status: ['UNDER_INVESTIGATION'] })).toEqual([moved.id]);
    expect(await ids({ service, unassigned: true })).toEqual([p3.id]);
    expect(await ids({ service, unassigned: false, ownerId: 'pm-1' })).toEqual([p2.id]);
    // Full text, other word forms: "saturation" and "pool" find "Saturated connection pools".
    expect(await ids({ search: `pool saturation ${marker}` })).toEqual([p2.id]);

    const first = await harness.ok<Page>(problemManager, operations.list, { first: 2 });
    const second = await harness.ok<Page>(problemManager, operations.list, {
      first: 2,
      after: first.pageInfo.endCursor,
    });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const seen = [...first.nodes, ...second.nodes].map((node) => node.id);
    expect(new Set(seen).size).toBe(4);
    expect(await harness.errorCode(problemManager, operations.list, { after: 'zzz' })).toBe('BAD_USER_INPUT');
  });

  it('shows an end user and an external consultant no problem at all', async () => {
    const incidentId = randomUUID();
    const problem = await harness.create(problemManager, validInput([incidentId]));
    await harness.recordAnalysis(problemManager, problem, fiveWhys());
    for (const roles of [['end_user'], ['external_consultant']] as const) {
      const token = await harness.token('outsider', [...roles]);
      expect(await harness.read(token, problem.id)).toBeNull();
      const list = await harness.ok<{ nodes: Problem[] }>(token, operations.list);
      expect(list.nodes).toEqual([]);
      expect(await harness.ok(token, operations.search, { text: 'WAF' })).toEqual([]);
      const entities = await harness.call<{ _entities: unknown[] }>(token, incidentProblemsQuery, {
        representations: [{ __typename: 'Incident', id: incidentId }],
      });
      expect(entities.data?._entities).toEqual([{ id: incidentId, problems: [] }]);
      expect(
        await harness.errorCode(token, operations.link, {
          id: problem.id,
          v: 2,
          incidentIds: [randomUUID()],
        }),
      ).toBe('FORBIDDEN');
    }
  });
});
