import { randomUUID } from 'node:crypto';
import { incidentMajorDeclaredV1 } from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import { eventually } from '@mim/testing';
import { createProblemModule } from '../src/problem-module';
import { type Problem, ProblemHarness, operations, problemFields } from './problem-harness';

const incidentProblems = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Incident { id problems { ${problemFields} } } }
}`;

/**
 * The consumer of incident.major_declared.v1: one problem per declared major incident, whatever the
 * deliveries. Events are published to the stream as the incident service's relay would.
 */
describe('a problem for every major incident (real PostgreSQL and NATS)', () => {
  let harness: ProblemHarness;
  let problemManager: string;

  beforeAll(async () => {
    harness = await ProblemHarness.start();
    problemManager = await harness.token('pm-1', ['problem_manager'], 'Pat Problem');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const declared = (incidentId: string, impactStatement = 'Half of all traffic returns HTTP 502') =>
    newEvent(incidentMajorDeclaredV1, {
      aggregateId: incidentId,
      aggregateVersion: 2,
      actor: { kind: 'user', id: 'mim-1' },
      correlationId: `declare-${incidentId}`,
      data: {
        incidentId,
        number: 'INC-000123',
        priority: 'P2',
        impactStatement,
        declaredAt: '2019-07-02T13:50:00.000Z',
      },
    });

  const problemsOf = async (incidentId: string) => {
    const response = await harness.call<{ _entities: Array<{ problems: Problem[] }> }>(
      problemManager,
      incidentProblems,
      { representations: [{ __typename: 'Incident', id: incidentId }] },
    );
    expect(response.errors).toBeUndefined();
    return response.data!._entities[0]!.problems;
  };

  it('opens one unowned problem linked to the incident, announced as problem.created.v1', async () => {
    const incidentId = randomUUID();
    const event = declared(incidentId);
    await harness.publish(event);
    const [problem] = await eventually(async () => {
      const problems = await problemsOf(incidentId);
      expect(problems).toHaveLength(1);
      return problems;
    });
    expect(problem).toMatchObject({
      title: 'Major incident INC-000123: Half of all traffic returns HTTP 502',
      status: 'NEW',
      priority: 'P2',
      version: 1,
      owner: null,
      incidents: [{ id: incidentId }],
      originIncident: { id: incidentId },
    });
    expect(problem!.description).toContain('INC-000123 was declared a major incident');
    expect(await harness.events(problem!.id)).toEqual([
      {
        subject: 'problem.created.v1',
        version: 1,
        actor: { kind: 'system', id: 'problem' },
        correlationId: event.correlationId,
        data: {
          problemId: problem!.id,
          number: problem!.number,
          title: problem!.title,
          priority: 'P2',
          incidentIds: [incidentId],
        },
      },
    ]);
    // Waiting for a problem manager to take it.
    const unassigned = await harness.ok<{ nodes: Array<{ id: string }> }>(problemManager, operations.list, {
      filter: { unassigned: true },
    });
    expect(unassigned.nodes.map((node) => node.id)).toContain(problem!.id);
  });

  it('opens it exactly once: the same event delivered again, and a new event for the same incident', async () => {
    const incidentId = randomUUID();
    const first = declared(incidentId);
    await harness.publish(first);
    await eventually(async () => expect(await problemsOf(incidentId)).toHaveLength(1));
    const before = await harness.counts();

    // Redelivered under another message id (past the broker's de-duplication): the inbox stops it.
    await harness.publish(first, `${first.id}-again`);
    // The same declaration under a new event id (a replay): the originating incident stops it.
    const replay = declared(incidentId, 'Another wording of the same impact');
    await harness.publish(replay);
    // One consumer, in stream order: once the replay is handled, the redelivery before it was too.
    await eventually(async () => expect(await harness.handled(replay.id)).toBe(true));

    const problems = await problemsOf(incidentId);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.title).toBe('Major incident INC-000123: Half of all traffic returns HTTP 502');
    expect(await harness.counts()).toEqual(before);
    const [inbox] = await harness.service.deps.dataSource.query<[{ count: number }]>(
      `SELECT count(*)::int AS count FROM inbox_message WHERE event_id = $1`,
      [first.id],
    );
    expect(inbox.count).toBe(1);
  });

  it('opens it once even when deliveries race in parallel transactions (the unique originating incident)', async () => {
    const incidentId = randomUUID();
    const { problems } = createProblemModule(harness.service.deps.dataSource, harness.service.deps.env);
    const opened = await Promise.all(
      Array.from({ length: 4 }, () =>
        harness.service.deps.dataSource.transaction((manager) =>
          problems.openForMajorIncidentWithin(manager, declared(incidentId)),
        ),
      ),
    );
    expect(opened.filter((problem) => problem !== null)).toHaveLength(1);
    const [row] = await harness.service.deps.dataSource.query<[{ count: number }]>(
      `SELECT count(*)::int AS count FROM problem WHERE origin_incident_id = $1`,
      [incidentId],
    );
    expect(row.count).toBe(1);
    expect(await harness.events(opened.find((problem) => problem !== null)!.id)).toHaveLength(1);
  });

  it('opens nothing more once its problem was merged into another and closed', async () => {
    const incidentId = randomUUID();
    await harness.publish(declared(incidentId));
    const [opened] = await eventually(async () => {
      const problems = await problemsOf(incidentId);
      expect(problems).toHaveLength(1);
      return problems;
    });
    const survivor = await harness.create(problemManager, {
      title: 'WAF regex backtracking',
      description: 'The same cause as the major incident',
      priority: 'P1',
    });
    await harness.ok(problemManager, operations.merge, {
      input: {
        survivorId: survivor.id,
        survivorExpectedVersion: 1,
        mergedId: opened!.id,
        mergedExpectedVersion: 1,
      },
    });
    const before = await harness.counts();
    const replay = declared(incidentId);
    await harness.publish(replay);
    await eventually(async () => expect(await harness.handled(replay.id)).toBe(true));
    expect(await harness.counts()).toEqual(before);
    expect((await problemsOf(incidentId)).map((problem) => problem.id)).toEqual([survivor.id]);
  });
});
