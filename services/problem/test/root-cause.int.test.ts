import { ProblemHarness, fiveWhys, operations } from './problem-harness';

/** Root-cause analysis over HTTP: each method, its event, and the refusals that change nothing. */
describe('root-cause analysis (real PostgreSQL and NATS)', () => {
  let harness: ProblemHarness;
  let problemManager: string;

  beforeAll(async () => {
    harness = await ProblemHarness.start();
    problemManager = await harness.token('pm-1', ['problem_manager'], 'Pat Problem');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const record = (problem: { id: string; version: number }, analysis: Record<string, unknown>) =>
    harness.call<{ recordRootCauseAnalysis: Record<string, unknown> }>(
      problemManager,
      operations.recordAnalysis,
      {
        input: { problemId: problem.id, expectedVersion: problem.version, ...analysis },
      },
    );

  const analyses: Array<
    [method: string, analysis: Record<string, unknown>, expected: Record<string, unknown>]
  > = [
    [
      'FIVE_WHYS',
      fiveWhys('A WAF rule with a backtracking regex was deployed to every edge node at once'),
      {
        whys: fiveWhys().whys,
        fishbone: [],
        timeline: [],
        findings: 'The rule was deployed everywhere at once',
        contributingFactors: ['No staged rollout of WAF rules'],
      },
    ],
    [
      'FISHBONE',
      {
        method: 'FISHBONE',
        fishbone: [
          { name: 'Process', causes: ['WAF rules skip the canary stage'] },
          { name: 'Technology and tools', causes: ['Regex engine without a backtracking limit'] },
          { name: 'People', causes: [] },
        ],
        rootCause: 'Rules reach every edge node at once, and the regex engine has no backtracking limit',
        contributingFactors: ['Weekend deployment', 'Weekend deployment'],
      },
      {
        whys: [],
        fishbone: [
          { name: 'Process', causes: ['WAF rules skip the canary stage'] },
          { name: 'Technology and tools', causes: ['Regex engine without a backtracking limit'] },
          { name: 'People', causes: [] },
        ],
        timeline: [],
        findings: null,
        contributingFactors: ['Weekend deployment'],
      },
    ],
    [
      'TIMELINE_ANALYSIS',
      {
        method: 'TIMELINE_ANALYSIS',
        timeline: [
          { at: '2019-07-02T14:07:00Z', event: 'WAF disabled globally; traffic recovers' },
          { at: '2019-07-02T13:42:00Z', event: 'WAF managed rule deployed' },
          { at: '2019-07-02T15:45:00+01:00', event: 'CPU at 100% on HTTP serving machines' },
        ],
        findings: 'CPU rose within three minutes of the deployment',
        rootCause: 'The 13:42 WAF rule deployment exhausted CPU',
      },
      {
        whys: [],
        fishbone: [],
        timeline: [
          { at: '2019-07-02T13:42:00.000Z', event: 'WAF managed rule deployed' },
          { at: '2019-07-02T14:07:00.000Z', event: 'WAF disabled globally; traffic recovers' },
          { at: '2019-07-02T14:45:00.000Z', event: 'CPU at 100% on HTTP serving machines' },
        ],
        findings: 'CPU rose within three minutes of the deployment',
        contributingFactors: [],
      },
    ],
  ];

  it.each(analyses)(
    'records a %s analysis and announces its root cause',
    async (method, analysis, expected) => {
      const problem = await harness.create(problemManager);
      const response = await record(problem, analysis);
      expect(response.errors).toBeUndefined();
      const recorded = response.data!.recordRootCauseAnalysis;
      expect(recorded).toMatchObject({ version: 2, status: 'NEW' });
      expect(recorded.rootCauseAnalysis).toEqual({
        method,
        rootCause: analysis.rootCause,
        recordedBy: { id: 'pm-1', name: 'Pat Problem' },
        recordedAt: expect.any(String),
        ...expected,
      });
      // Read back as stored.
      expect((await harness.read(problemManager, problem.id))?.rootCauseAnalysis).toEqual(
        recorded.rootCauseAnalysis,
      );
      expect(await harness.events(problem.id, 'problem.root_cause_identified.v1')).toEqual([
        expect.objectContaining({
          version: 2,
          actor: { kind: 'user', id: 'pm-1' },
          data: {
            problemId: problem.id,
            number: problem.number,
            method,
            rootCause: analysis.rootCause,
            incidentIds: [problem.incidents[0]!.id],
          },
        }),
      ]);
    },
  );

  it('announces the statement only when it is recorded or changed, and replaces the analysis', async () => {
    const problem = await harness.create(problemManager);
    // In progress: findings, no statement yet.
    let current = await harness.recordAnalysis(problemManager, problem, fiveWhys(null));
    expect(await harness.events(problem.id, 'problem.root_cause_identified.v1')).toEqual([]);
    current = await harness.recordAnalysis(problemManager, current, fiveWhys('First statement'));
    current = await harness.recordAnalysis(problemManager, current, {
      ...fiveWhys('First statement'),
      findings: 'More findings',
    });
    current = await harness.recordAnalysis(problemManager, current, {
      method: 'FISHBONE',
      fishbone: [{ name: 'People', causes: ['Nobody reviewed the regex'] }],
      rootCause: 'Second statement',
    });
    expect(current.version).toBe(5);
    expect(
      (await harness.events(problem.id, 'problem.root_cause_identified.v1')).map((event) => [
        event.version,
        event.data.method,
        event.data.rootCause,
      ]),
    ).toEqual([
      [3, 'FIVE_WHYS', 'First statement'],
      [5, 'FISHBONE', 'Second statement'],
    ]);
    const [stored] = await harness.service.deps.dataSource.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM problem_root_cause_analysis WHERE problem_id = $1`,
      [problem.id],
    );
    expect(stored!.count).toBe(1);
  });

  it('refuses what the method rules, the state or the caller do not allow, and changes nothing', async () => {
    let problem = await harness.create(problemManager);
    problem = await harness.changeStatus(problemManager, problem, 'UNDER_INVESTIGATION');
    problem = await harness.recordAnalysis(problemManager, problem);
    problem = await harness.changeStatus(problemManager, problem, 'ROOT_CAUSE_IDENTIFIED');
    const v = problem.version;
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ question: `q${i}`, answer: `a${i}` }));
    const refusals: Array<[analysis: Record<string, unknown>, code: string, paths?: string[]]> = [
      [{ method: 'FIVE_WHYS', whys: [], rootCause: 'x' }, 'BAD_USER_INPUT', ['whys']],
      [{ method: 'FIVE_WHYS', whys: many(11), rootCause: 'x' }, 'BAD_USER_INPUT', ['whys']],
      [
        { method: 'FISHBONE', fishbone: [{ name: 'People', causes: [] }], rootCause: 'x' },
        'BAD_USER_INPUT',
        ['fishbone'],
      ],
      [
        { method: 'TIMELINE_ANALYSIS', whys: many(1), rootCause: 'x' },
        'BAD_USER_INPUT',
        ['whys', 'timeline'],
      ],
      // The root cause is identified: its statement cannot be withdrawn here.
      [{ ...fiveWhys(null) }, 'BAD_USER_INPUT', ['rootCause']],
      [{ ...fiveWhys(), expectedVersion: v - 1 }, 'CONFLICT'],
    ];
    for (const [analysis, code, paths] of refusals) {
      const row = await harness.row(problem.id);
      const counts = await harness.counts();
      const response = await harness.call(problemManager, operations.recordAnalysis, {
        input: { problemId: problem.id, expectedVersion: v, ...analysis },
      });
      expect(response.errors?.[0]?.extensions?.code).toBe(code);
      if (paths) {
        const fields = response.errors?.[0]?.extensions?.fields as Array<{ path: string }>;
        expect(fields.map((field) => field.path)).toEqual(paths);
      }
      expect(await harness.row(problem.id)).toEqual(row);
      expect(await harness.counts()).toEqual(counts);
    }
    for (const roles of [['mi_team_member'], ['major_incident_manager'], ['end_user']] as const) {
      const token = await harness.token('other', [...roles]);
      expect(
        await harness.errorCode(token, operations.recordAnalysis, {
          input: { problemId: problem.id, expectedVersion: v, ...fiveWhys() },
        }),
      ).toBe('FORBIDDEN');
    }
    // The analysis was wrong: back to the investigation, where the statement may go.
    problem = await harness.changeStatus(problemManager, problem, 'UNDER_INVESTIGATION');
    const withdrawn = await harness.recordAnalysis(problemManager, problem, fiveWhys(null));
    expect(withdrawn.version).toBe(v + 2);
    expect(
      await harness.errorCode(problemManager, operations.changeStatus, {
        id: problem.id,
        v: withdrawn.version,
        status: 'ROOT_CAUSE_IDENTIFIED',
      }),
    ).toBe('INVALID_TRANSITION');
  });

  it('refuses analysing a closed problem', async () => {
    const problem = await harness.create(problemManager);
    const other = await harness.create(problemManager);
    const survivor = await harness.ok(problemManager, operations.merge, {
      input: {
        survivorId: other.id,
        survivorExpectedVersion: 1,
        mergedId: problem.id,
        mergedExpectedVersion: 1,
      },
    });
    expect(survivor.id).toBe(other.id);
    const row = await harness.row(problem.id);
    expect(row.status).toBe('CLOSED');
    expect(
      await harness.errorCode(problemManager, operations.recordAnalysis, {
        input: { problemId: problem.id, expectedVersion: 2, ...fiveWhys() },
      }),
    ).toBe('INVALID_TRANSITION');
    expect(await harness.row(problem.id)).toEqual(row);
  });
});
