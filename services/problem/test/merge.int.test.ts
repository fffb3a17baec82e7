import { randomUUID } from 'node:crypto';
import { type Problem, ProblemHarness, fiveWhys, operations, validInput } from './problem-harness';

const incidentProblems = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Incident { id problems { id } } }
}`;

/** Merging problems over HTTP: what moves, what is announced, and the refusals that change nothing. */
describe('merging problems (real PostgreSQL and NATS)', () => {
  let harness: ProblemHarness;
  let problemManager: string;

  beforeAll(async () => {
    harness = await ProblemHarness.start();
    problemManager = await harness.token('pm-1', ['problem_manager'], 'Pat Problem');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const mergeInput = (survivor: Problem, merged: Problem) => ({
    survivorId: survivor.id,
    survivorExpectedVersion: survivor.version,
    mergedId: merged.id,
    mergedExpectedVersion: merged.version,
  });

  it('moves incidents, known errors and the analysis to the survivor, closes the merged one, and announces it', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const survivor = await harness.create(problemManager, {
      ...validInput([a, b]),
      affectedServices: ['edge-proxy'],
    });
    let merged = await harness.create(problemManager, { ...validInput([b, c]), affectedServices: ['dns'] });
    merged = await harness.changeStatus(problemManager, merged, 'UNDER_INVESTIGATION');
    merged = await harness.recordAnalysis(problemManager, merged, fiveWhys('A backtracking regex'));
    const knownError = await harness.recordKnownError(problemManager, merged, {
      title: 'Edge CPU at 100%',
      symptoms: 'HTTP 502 everywhere',
      workaround: 'Disable the rule',
    });
    merged = { ...merged, version: knownError.problem.version };

    const result = await harness.ok(problemManager, operations.merge, {
      input: mergeInput(survivor, merged),
    });
    expect(result).toMatchObject({
      id: survivor.id,
      status: 'NEW',
      version: 2,
      affectedServices: ['edge-proxy', 'dns'],
      incidents: [{ id: a }, { id: b }, { id: c }],
      knownErrors: [{ id: knownError.id }],
      rootCauseAnalysis: { rootCause: 'A backtracking regex' },
      mergedInto: null,
    });
    const closed = await harness.read(problemManager, merged.id);
    expect(closed).toMatchObject({
      status: 'CLOSED',
      version: merged.version + 1,
      incidents: [],
      knownErrors: [],
      rootCauseAnalysis: null,
      mergedInto: { id: survivor.id, number: survivor.number },
    });

    expect(await harness.events(survivor.id)).toEqual([
      expect.objectContaining({ subject: 'problem.created.v1', version: 1 }),
      expect.objectContaining({
        subject: 'problem.merged.v1',
        version: 2,
        actor: { kind: 'user', id: 'pm-1' },
        data: {
          problemId: survivor.id,
          number: survivor.number,
          mergedProblemId: merged.id,
          mergedNumber: merged.number,
          incidentIds: [a, b, c],
        },
      }),
      expect.objectContaining({
        subject: 'problem.incidents_linked.v1',
        version: 2,
        data: { problemId: survivor.id, number: survivor.number, linkedIncidentIds: [c] },
      }),
      expect.objectContaining({
        subject: 'problem.root_cause_identified.v1',
        version: 2,
        data: {
          problemId: survivor.id,
          number: survivor.number,
          method: 'FIVE_WHYS',
          rootCause: 'A backtracking regex',
          incidentIds: [a, b, c],
        },
      }),
    ]);
    expect((await harness.events(merged.id)).at(-1)).toEqual(
      expect.objectContaining({
        subject: 'problem.status_changed.v1',
        version: merged.version + 1,
        data: {
          problemId: merged.id,
          number: merged.number,
          from: 'UNDER_INVESTIGATION',
          to: 'CLOSED',
          incidentIds: [b, c],
          changedAt: expect.any(String),
        },
      }),
    );

    // Incident.problems follows: the closed problem holds no incident any more.
    const response = await harness.call<{ _entities: Array<{ problems: Array<{ id: string }> }> }>(
      problemManager,
      incidentProblems,
      { representations: [b, c].map((id) => ({ __typename: 'Incident', id })) },
    );
    expect(response.data?._entities).toEqual([
      { id: b, problems: [{ id: survivor.id }] },
      { id: c, problems: [{ id: survivor.id }] },
    ]);
  });

  it("keeps the survivor's own analysis; no incident new to it, no incidents_linked event", async () => {
    const shared = randomUUID();
    let survivor = await harness.create(problemManager, validInput([shared]));
    survivor = await harness.recordAnalysis(problemManager, survivor, fiveWhys("The survivor's statement"));
    let merged = await harness.create(problemManager, validInput([shared]));
    merged = await harness.recordAnalysis(problemManager, merged, fiveWhys('The merged statement'));

    const result = await harness.ok(problemManager, operations.merge, {
      input: mergeInput(survivor, merged),
    });
    expect(result).toMatchObject({
      version: survivor.version + 1,
      incidents: [{ id: shared }],
      rootCauseAnalysis: { rootCause: "The survivor's statement" },
    });
    expect((await harness.read(problemManager, merged.id))?.rootCauseAnalysis).toMatchObject({
      rootCause: 'The merged statement',
    });
    expect(
      (await harness.events(survivor.id))
        .filter((event) => event.version === survivor.version + 1)
        .map((e) => e.subject),
    ).toEqual(['problem.merged.v1']);
  });

  it('refuses merging into itself, into or from a closed problem, stale versions, other roles; nothing changes', async () => {
    const survivor = await harness.create(problemManager);
    const merged = await harness.create(problemManager);
    const closedOne = await harness.create(problemManager);
    const closedInto = await harness.create(problemManager);
    await harness.ok(problemManager, operations.merge, { input: mergeInput(closedInto, closedOne) });
    const closed = { ...closedOne, version: 2 };
    const technician = await harness.token('tech-1', ['service_desk_technician']);
    const mim = await harness.token('mim-1', ['major_incident_manager']);

    const refusals: Array<[token: string, input: Record<string, unknown>, code: string]> = [
      [problemManager, mergeInput(survivor, survivor), 'BAD_USER_INPUT'],
      [
        problemManager,
        { ...mergeInput(survivor, survivor), mergedId: survivor.id.toUpperCase() },
        'BAD_USER_INPUT',
      ],
      [problemManager, mergeInput(closed, merged), 'INVALID_TRANSITION'],
      [problemManager, mergeInput(survivor, closed), 'INVALID_TRANSITION'],
      [problemManager, { ...mergeInput(survivor, merged), survivorExpectedVersion: 2 }, 'CONFLICT'],
      [problemManager, { ...mergeInput(survivor, merged), mergedExpectedVersion: 2 }, 'CONFLICT'],
      [problemManager, { ...mergeInput(survivor, merged), mergedId: randomUUID() }, 'NOT_FOUND'],
      [technician, mergeInput(survivor, merged), 'FORBIDDEN'],
      [mim, mergeInput(survivor, merged), 'FORBIDDEN'],
    ];
    for (const [token, input, code] of refusals) {
      const rows = await Promise.all([survivor, merged, closed].map((problem) => harness.row(problem.id)));
      const counts = await harness.counts();
      const links = await harness.service.deps.dataSource.query(
        `SELECT problem_id, incident_id FROM problem_incident ORDER BY problem_id, incident_id`,
      );
      expect(await harness.errorCode(token, operations.merge, { input })).toBe(code);
      expect(await Promise.all([survivor, merged, closed].map((problem) => harness.row(problem.id)))).toEqual(
        rows,
      );
      expect(await harness.counts()).toEqual(counts);
      expect(
        await harness.service.deps.dataSource.query(
          `SELECT problem_id, incident_id FROM problem_incident ORDER BY problem_id, incident_id`,
        ),
      ).toEqual(links);
    }
    // Still mergeable with the versions read.
    expect(
      (await harness.ok(problemManager, operations.merge, { input: mergeInput(survivor, merged) })).version,
    ).toBe(2);
  });
});
