import { randomUUID } from 'node:crypto';
import {
  type Problem,
  ProblemHarness,
  fiveWhys,
  knownErrorFields,
  operations,
  validInput,
} from './problem-harness';

interface Match {
  rank: number;
  knownError: { id: string; title: string };
  problem: { id: string; number: string };
}

/** The known error database over HTTP: recording known errors, and finding them by symptoms. */
describe('known errors (real PostgreSQL and NATS)', () => {
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

  /** A problem whose root cause statement is recorded. */
  async function analysedProblem(rootCause = 'A WAF rule with a backtracking regex'): Promise<Problem> {
    const problem = await harness.create(problemManager, validInput([randomUUID()]));
    return harness.recordAnalysis(problemManager, problem, fiveWhys(rootCause));
  }

  const knownError = {
    title: 'Edge CPU at 100% after a WAF rule update',
    symptoms: 'HTTP 502 for every customer domain; CPU exhaustion alerts from every point of presence',
    workaround: 'Disable the managed WAF rule set globally',
  };

  it('records a known error once the root cause is known, announced as problem.known_error_published.v1', async () => {
    const bare = await harness.create(problemManager);
    const before = await harness.counts();
    expect(
      await harness.errorCode(problemManager, operations.recordKnownError, {
        input: { problemId: bare.id, expectedVersion: 1, ...knownError },
      }),
    ).toBe('INVALID_TRANSITION');
    expect(await harness.counts()).toEqual(before);

    const problem = await analysedProblem();
    const recorded = await harness.ok<Record<string, unknown>>(problemManager, operations.recordKnownError, {
      input: { problemId: problem.id, expectedVersion: problem.version, ...knownError },
    });
    expect(recorded).toEqual({
      id: expect.any(String),
      ...knownError,
      rootCause: 'A WAF rule with a backtracking regex',
      permanentFix: null,
      recordedBy: { id: 'pm-1', name: 'Pat Problem' },
      problem: { id: problem.id, number: problem.number, version: problem.version + 1 },
    });
    expect(await harness.events(problem.id, 'problem.known_error_published.v1')).toEqual([
      expect.objectContaining({
        version: problem.version + 1,
        actor: { kind: 'user', id: 'pm-1' },
        data: {
          problemId: problem.id,
          number: problem.number,
          knownErrorId: recorded.id,
          title: knownError.title,
          workaround: knownError.workaround,
          incidentIds: [problem.incidents[0]!.id],
        },
      }),
    ]);
    const read = await harness.read(technician, problem.id);
    expect(read?.knownErrors).toEqual([recorded]);
  });

  it("revises a known error of the problem; refuses another problem's, stale versions and other roles", async () => {
    const problem = await analysedProblem();
    const first = await harness.recordKnownError(problemManager, problem, knownError);
    const revised = await harness.ok<Record<string, unknown>>(problemManager, operations.recordKnownError, {
      input: {
        problemId: problem.id,
        expectedVersion: first.problem.version,
        knownErrorId: first.id,
        ...knownError,
        workaround: 'Disable only the offending rule',
        rootCause: 'Catastrophic backtracking in one managed rule',
        permanentFix: 'A regex engine with a backtracking limit',
      },
    });
    expect(revised).toMatchObject({
      id: first.id,
      workaround: 'Disable only the offending rule',
      rootCause: 'Catastrophic backtracking in one managed rule',
      permanentFix: 'A regex engine with a backtracking limit',
      problem: { version: first.problem.version + 1 },
    });
    expect(
      (await harness.events(problem.id, 'problem.known_error_published.v1')).map(
        (event) => event.data.workaround,
      ),
    ).toEqual(['Disable the managed WAF rule set globally', 'Disable only the offending rule']);

    const other = await analysedProblem();
    const otherError = await harness.recordKnownError(problemManager, other, knownError);
    const v = first.problem.version + 1;
    const refusals: Array<[token: string, input: Record<string, unknown>, code: string]> = [
      [problemManager, { knownErrorId: otherError.id }, 'NOT_FOUND'],
      [problemManager, { knownErrorId: 'not-an-id' }, 'NOT_FOUND'],
      [problemManager, { expectedVersion: v - 1 }, 'CONFLICT'],
      [problemManager, { problemId: randomUUID() }, 'NOT_FOUND'],
      [problemManager, { workaround: ' ' }, 'BAD_USER_INPUT'],
      [technician, {}, 'FORBIDDEN'],
    ];
    for (const [token, overrides, code] of refusals) {
      const row = await harness.row(problem.id);
      const counts = await harness.counts();
      expect(
        await harness.errorCode(token, operations.recordKnownError, {
          input: { problemId: problem.id, expectedVersion: v, ...knownError, ...overrides },
        }),
      ).toBe(code);
      expect(await harness.row(problem.id)).toEqual(row);
      expect(await harness.counts()).toEqual(counts);
    }
    const [stored] = await harness.service.deps.dataSource.query<Array<{ workaround: string }>>(
      `SELECT workaround FROM known_error WHERE id = $1`,
      [otherError.id],
    );
    expect(stored!.workaround).toBe(knownError.workaround);
  });

  describe('search', () => {
    let target: { id: string; problem: Problem };
    let inWorkaround: { id: string };
    let inFix: { id: string };

    beforeAll(async () => {
      // Several known errors share words with the search; only the target has them in title and symptoms.
      const record = async (fields: Record<string, unknown>) => {
        const problem = await analysedProblem();
        const recorded = await harness.recordKnownError(problemManager, problem, fields);
        return { id: recorded.id, problem };
      };
      inWorkaround = await record({
        title: 'Slow login page',
        symptoms: 'Users wait thirty seconds to log in',
        workaround: 'Move the login WAF rule off the edge nodes to relieve CPU saturation there',
      });
      target = await record({
        title: 'Serving machines overloaded',
        symptoms: 'CPU saturated on edge nodes after WAF rule deployment',
        workaround: 'Roll the rule back',
      });
      inFix = await record({
        title: 'Certificate renewal failed',
        symptoms: 'TLS handshake errors',
        workaround: 'Renew by hand',
        permanentFix: 'Edge renewals under CPU saturation from WAF scans get a retry',
      });
      await record({
        title: 'Printer queue stuck',
        symptoms: 'Print jobs never leave the queue on the second floor',
        workaround: 'Restart the spooler',
      });
    });

    const search = (text: string, first?: number) =>
      harness.ok<Match[]>(technician, operations.search, { text, ...(first ? { first } : {}) });

    it('finds a proven workaround from symptoms in other words and word forms, best match first', async () => {
      const matches = await search('edge cpu saturation waf');
      const ids = matches.map((match) => match.knownError.id);
      // The one sharing most words first; the weaker matches after it, by rank (other tests' known
      // errors in this database may rank in between).
      expect(ids[0]).toBe(target.id);
      expect(ids.indexOf(inWorkaround.id)).toBeGreaterThan(0);
      expect(ids.indexOf(inFix.id)).toBeGreaterThan(ids.indexOf(inWorkaround.id));
      expect(matches[0]).toEqual({
        rank: expect.any(Number),
        knownError: { id: target.id, title: 'Serving machines overloaded' },
        problem: { id: target.problem.id, number: target.problem.number },
      });
      const rankOf = (id: string) => matches.find((match) => match.knownError.id === id)!.rank;
      expect(rankOf(target.id)).toBeGreaterThan(rankOf(inWorkaround.id));
      expect(rankOf(inWorkaround.id)).toBeGreaterThan(rankOf(inFix.id));
      // Other word forms: "deployed rules" finds "rule deployment" first (the others share only "WAF").
      expect((await search('WAF rules deployed'))[0]?.knownError.id).toBe(target.id);
      // Plain symptoms match on any word: a sentence that shares only some words still finds the best one.
      expect((await search('the printer on floor two shows a stuck queue'))[0]?.knownError.title).toBe(
        'Printer queue stuck',
      );
    });

    it('honours the web-search syntax and the page size', async () => {
      expect((await search('edge cpu saturation waf', 1)).map((match) => match.knownError.id)).toEqual([
        target.id,
      ]);
      expect((await search('"edge nodes" -login')).map((match) => match.knownError.id)).toEqual([target.id]);
      // Web-search syntax means every word must match: no known error has both of these.
      expect(await search('"edge nodes" printer')).toEqual([]);
      expect((await search('spooler or handshake')).map((match) => match.knownError.title).sort()).toEqual([
        'Certificate renewal failed',
        'Printer queue stuck',
      ]);
      expect(await search('the and of')).toEqual([]);
      expect(await harness.errorCode(technician, operations.search, { text: 'cpu', first: 51 })).toBe(
        'BAD_USER_INPUT',
      );
    });
  });

  it("lists a problem's known errors newest first with their fields", async () => {
    const problem = await analysedProblem();
    const older = await harness.recordKnownError(problemManager, problem, knownError);
    const newer = await harness.recordKnownError(
      problemManager,
      { id: problem.id, version: older.problem.version },
      { ...knownError, title: 'A second symptom set' },
    );
    const response = await harness.call<{ problem: { knownErrors: Array<{ id: string }> } }>(
      technician,
      `query($id: ID!) { problem(id: $id) { knownErrors { ${knownErrorFields} } } }`,
      { id: problem.id },
    );
    expect(response.data?.problem.knownErrors.map((entry) => entry.id)).toEqual([newer.id, older.id]);
  });
});
