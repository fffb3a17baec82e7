import { randomUUID } from 'node:crypto';
import { ProblemHarness, fiveWhys, operations, validInput } from './problem-harness';

const suggestions = `query($representations: [_Any!]!, $first: Int) {
  _entities(representations: $representations) {
    ... on Incident { id suggestedKnownErrors(first: $first) {
      rank knownError { id title workaround permanentFix } problem { id number } } } } }`;

interface Suggestion {
  rank: number;
  knownError: { id: string; title: string; workaround: string; permanentFix: string | null };
  problem: { id: string; number: string };
}

/**
 * Knowledge reuse in the problem subgraph: `Incident.suggestedKnownErrors`, called as the gateway calls
 * it, with an `_entities` representation carrying the incident's title and symptoms (`@requires`).
 */
describe('known errors suggested for an incident (real PostgreSQL and NATS)', () => {
  let harness: ProblemHarness;
  let problemManager: string;
  let technician: string;
  let alice: string;

  beforeAll(async () => {
    harness = await ProblemHarness.start();
    problemManager = await harness.token('pm-1', ['problem_manager'], 'Pat Problem');
    technician = await harness.token('tech-1', ['service_desk_technician'], 'Tess Tech');
    alice = await harness.token('alice', ['end_user'], 'Alice');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const record = async (knownError: {
    title: string;
    symptoms: string;
    workaround: string;
    permanentFix?: string;
  }) => {
    const problem = await harness.create(problemManager, validInput([randomUUID()]));
    const analysed = await harness.recordAnalysis(problemManager, problem, fiveWhys());
    return harness.ok<{ id: string }>(problemManager, operations.recordKnownError, {
      input: { problemId: analysed.id, expectedVersion: analysed.version, ...knownError },
    });
  };

  const suggest = (token: string, incident: Record<string, unknown>, first?: number) =>
    harness.call<{ _entities: Array<{ id: string; suggestedKnownErrors: Suggestion[] }> }>(
      token,
      suggestions,
      {
        representations: [{ __typename: 'Incident', id: randomUUID(), ...incident }],
        first,
      },
    );

  it('finds the known errors matching the title and symptoms, best first, with their proven fix', async () => {
    const waf = await record({
      title: 'Edge CPU saturated after a WAF rule update',
      symptoms: 'HTTP 502 for every customer domain; CPU exhaustion on every edge node',
      workaround: 'Disable the managed WAF rule set globally',
      permanentFix: 'Rewrite the regex without backtracking',
    });
    const dns = await record({
      title: 'DNS resolution fails for internal names',
      symptoms: 'NXDOMAIN for every internal host after the resolver upgrade',
      workaround: 'Point clients at the secondary resolver',
    });
    const response = await suggest(technician, {
      title: 'HTTP 502 on every edge node',
      // A reporter's words, quotes and minus signs included: still plain text, any word matches.
      symptoms: '"CPU" exhaustion -everywhere, customers see 502',
    });
    expect(response.errors).toBeUndefined();
    const found = response.data!._entities[0]!.suggestedKnownErrors;
    expect(found[0]).toMatchObject({
      knownError: {
        id: waf.id,
        workaround: 'Disable the managed WAF rule set globally',
        permanentFix: 'Rewrite the regex without backtracking',
      },
    });
    // Any shared word matches (the two share a root cause here), but the one sharing the most ranks first.
    const other = found.find((match) => match.knownError.id === dns.id);
    if (other) expect(other.rank).toBeLessThan(found[0]!.rank);

    const dnsFirst = await suggest(
      technician,
      { title: 'Internal DNS names do not resolve', symptoms: null },
      1,
    );
    expect(dnsFirst.data!._entities[0]!.suggestedKnownErrors.map((match) => match.knownError.id)).toEqual([
      dns.id,
    ]);
  });

  it('suggests nothing to callers who may not see problems', async () => {
    const response = await suggest(alice, {
      title: 'HTTP 502 on every edge node',
      symptoms: 'CPU exhaustion',
    });
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities[0]!.suggestedKnownErrors).toEqual([]);
  });
});
