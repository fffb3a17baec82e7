import { eventually, graphqlRequest, tokenFor } from '@mim/testing';
import { type Stack, startStack } from './stack';

interface ChangeState {
  id: string;
  number: string;
  status: string;
  version: number;
}

const changeFields = 'id number status version';

/**
 * Problem and change management through the gateway (issue 5): the problem opened for a declared major
 * incident, its root cause and known error, an emergency change that fixes the incident, the CAB quorum
 * of a normal change, window conflicts, and the major incident resolved once its fix is implemented.
 */
describe('problem and change management, end to end', () => {
  let stack: Stack;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startStack();
    tokens.miManager = await tokenFor('mim-mgr-5', ['major_incident_manager'], { name: 'Mona Manager' });
    tokens.problemManager = await tokenFor('prb-mgr-5', ['problem_manager'], { name: 'Pat Problem' });
    tokens.changeManager = await tokenFor('chg-mgr-5', ['change_manager'], { name: 'Cleo Change' });
    tokens.tech = await tokenFor('tech-5', ['technical_staff'], { name: 'Theo Tech' });
    tokens.otherTech = await tokenFor('tech-6', ['technical_staff'], { name: 'Tara Tech' });
    tokens.agent = await tokenFor('agent-5', ['service_desk_technician'], { name: 'Ada Agent' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const send = (query: string, variables: Record<string, unknown>, token: string) =>
    graphqlRequest<Record<string, unknown>>(stack.gatewayUrl, query, { token, variables });
  const call = async <T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> => {
    const response = await send(query, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data as T;
  };
  const refusal = async (query: string, variables: Record<string, unknown>, token: string) => {
    const response = await send(query, variables, token);
    expect(response.data ?? null).toBeNull();
    return response.errors?.[0]?.extensions?.code;
  };

  const createIncident = async (title: string, symptoms?: string) =>
    (
      await call<{ createIncident: { id: string; number: string; version: number } }>(
        `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id number version } }`,
        {
          input: {
            title,
            description: 'Customers cannot pay',
            ...(symptoms ? { symptoms } : {}),
            channel: 'PHONE',
            impact: 'EXTENSIVE',
            urgency: 'CRITICAL',
            affectedServices: ['payments'],
          },
        },
        tokens.agent!,
      )
    ).createIncident;

  const window = (startInHours: number, hours: number) => ({
    plannedStart: new Date(Date.now() + startInHours * 3_600_000).toISOString(),
    plannedEnd: new Date(Date.now() + (startInHours + hours) * 3_600_000).toISOString(),
  });

  const createChange = async (
    type: 'NORMAL' | 'EMERGENCY',
    title: string,
    options: { incidentId?: string; service?: string; start?: number; hours?: number } = {},
  ) =>
    (
      await call<{ createChangeRequest: ChangeState }>(
        `mutation($input: CreateChangeRequestInput!) { createChangeRequest(input: $input) { ${changeFields} } }`,
        {
          input: {
            title,
            description: 'Fix for the payment outage',
            type,
            risk: 'HIGH',
            implementationPlan: 'Raise the connection pool',
            rollbackPlan: 'Restore the previous value',
            testPlan: 'Watch the payment error rate',
            ...window(options.start ?? 1, options.hours ?? 2),
            affectedServices: [options.service ?? 'payments'],
            incidentLinks: options.incidentId ? [{ incidentId: options.incidentId, relation: 'FIXES' }] : [],
          },
        },
        tokens.tech!,
      )
    ).createChangeRequest;

  const submit = async (change: ChangeState) =>
    (
      await call<{
        submitChangeRequest: {
          changeRequest: ChangeState;
          conflicts: Array<{ change: { number: string }; services: string[] }>;
        };
      }>(
        `mutation($id: ID!, $v: Int!) { submitChangeRequest(id: $id, expectedVersion: $v) {
           changeRequest { ${changeFields} } conflicts { change { number } services } } }`,
        { id: change.id, v: change.version },
        tokens.tech!,
      )
    ).submitChangeRequest;

  const move = async (change: ChangeState, status: string, token: string) =>
    (
      await call<{ changeChangeRequestStatus: ChangeState }>(
        `mutation($id: ID!, $v: Int!, $status: ChangeRequestStatus!) {
           changeChangeRequestStatus(id: $id, expectedVersion: $v, status: $status) { ${changeFields} } }`,
        { id: change.id, v: change.version, status },
        token,
      )
    ).changeChangeRequestStatus;

  const approve = async (change: ChangeState, token: string) =>
    (
      await call<{ recordChangeApproval: ChangeState }>(
        `mutation($input: RecordChangeApprovalInput!) { recordChangeApproval(input: $input) { ${changeFields} } }`,
        { input: { id: change.id, expectedVersion: change.version, decision: 'APPROVE' } },
        token,
      )
    ).recordChangeApproval;

  const timelineKinds = async (incidentId: string) =>
    (
      await call<{
        incidentTimelineEntries: { nodes: Array<{ kind: string; summary: string; source: string }> };
      }>(
        `query($id: ID!) { incidentTimelineEntries(incidentId: $id) { nodes { kind summary source } } }`,
        { id: incidentId },
        tokens.miManager!,
      )
    ).incidentTimelineEntries.nodes;

  it('a declared major incident gets its problem; the fixing emergency change shows on its timeline and lets it resolve', async () => {
    const incident = await createIncident('Payments fail with pool exhaustion');
    await call(
      `mutation($input: DeclareMajorIncidentInput!) { declareMajorIncident(input: $input) { id } }`,
      {
        input: {
          id: incident.id,
          expectedVersion: incident.version,
          impactStatement: 'No card payment succeeds',
        },
      },
      tokens.miManager!,
    );

    // The problem service opened a problem for it, from the declaration event.
    let problem: { id: string; number: string; version: number } | undefined;
    await eventually(async () => {
      const read = await call<{
        incident: { problems: Array<{ id: string; number: string; version: number; title: string }> };
      }>(
        `query($id: ID!) { incident(id: $id) { problems { id number version title } } }`,
        { id: incident.id },
        tokens.problemManager!,
      );
      expect(read.incident.problems).toHaveLength(1);
      expect(read.incident.problems[0]?.title).toContain(incident.number);
      problem = read.incident.problems[0];
    });
    await eventually(async () =>
      expect((await timelineKinds(incident.id)).map((entry) => entry.kind)).toContain('problem_opened'),
    );

    // Resolving now is refused: no fixing change is implemented yet.
    const current = async () =>
      (
        await call<{ incident: { version: number; hasImplementedFix: boolean } }>(
          `query($id: ID!) { incident(id: $id) { version hasImplementedFix } }`,
          { id: incident.id },
          tokens.miManager!,
        )
      ).incident;
    const resolve = (version: number) =>
      send(
        `mutation($input: ResolveIncidentInput!) { resolveIncident(input: $input) { id status } }`,
        {
          input: {
            id: incident.id,
            expectedVersion: version,
            resolutionCode: 'RESOLVED_BY_CHANGE',
            resolutionNotes: 'Pool raised',
          },
        },
        tokens.miManager!,
      );
    const early = await resolve((await current()).version);
    expect(early.errors?.[0]?.extensions?.code).toBe('FIX_NOT_IMPLEMENTED');

    // Root cause and known error, by the problem manager.
    const analysed = await call<{ recordRootCauseAnalysis: { version: number } }>(
      `mutation($input: RecordRootCauseAnalysisInput!) { recordRootCauseAnalysis(input: $input) { version } }`,
      {
        input: {
          problemId: problem!.id,
          expectedVersion: problem!.version,
          method: 'FIVE_WHYS',
          whys: [
            { question: 'Why do payments fail?', answer: 'The database pool is exhausted' },
            { question: 'Why is it exhausted?', answer: 'A deploy halved the pool size' },
          ],
          rootCause: 'A configuration deploy halved the payment database connection pool',
        },
      },
      tokens.problemManager!,
    );
    await call(
      `mutation($input: RecordKnownErrorInput!) { recordKnownError(input: $input) { id } }`,
      {
        input: {
          problemId: problem!.id,
          expectedVersion: analysed.recordRootCauseAnalysis.version,
          title: 'Payment database connection pool exhausted',
          symptoms: 'Card payments time out; the payment service logs "connection pool exhausted"',
          workaround: 'Restart the payment service with POOL_SIZE=200',
        },
      },
      tokens.problemManager!,
    );

    // The emergency change that fixes it: the change manager plus one approver, then implemented.
    let change = await createChange('EMERGENCY', 'Restore the payment pool size', {
      incidentId: incident.id,
    });
    change = (await submit(change)).changeRequest;
    change = await move(change, 'ASSESSED', tokens.changeManager!);
    change = await approve(change, tokens.changeManager!);
    expect(change.status).toBe('ASSESSED');
    change = await approve(change, tokens.otherTech!);
    expect(change.status).toBe('APPROVED');
    change = await move(change, 'SCHEDULED', tokens.changeManager!);
    change = await move(change, 'IMPLEMENTING', tokens.tech!);
    change = await move(change, 'IMPLEMENTED', tokens.tech!);

    await eventually(async () => {
      const entries = await timelineKinds(incident.id);
      const changeEntries = entries.filter((entry) => entry.source === 'change');
      expect(changeEntries.map((entry) => entry.summary).join('\n')).toMatch(
        new RegExp(`${change.number}.*implemented`),
      );
      expect(entries.map((entry) => entry.kind)).toEqual(
        expect.arrayContaining([
          'problem_root_cause_identified',
          'problem_known_error_published',
          'change_approval_recorded',
        ]),
      );
    });
    await eventually(async () => expect((await current()).hasImplementedFix).toBe(true));
    const resolved = await resolve((await current()).version);
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data).toEqual({ resolveIncident: { id: incident.id, status: 'RESOLVED' } });
  });

  it('a normal change is refused approval without the CAB quorum, and approved once it is reached', async () => {
    let change = await createChange('NORMAL', 'Upgrade the payment gateway library', {
      service: 'billing',
      start: 48,
    });
    change = (await submit(change)).changeRequest;
    change = await move(change, 'ASSESSED', tokens.changeManager!);
    change = await approve(change, tokens.changeManager!);
    expect(change.status).toBe('ASSESSED');
    const forced = await refusal(
      `mutation($id: ID!, $v: Int!) { changeChangeRequestStatus(id: $id, expectedVersion: $v, status: APPROVED) { id } }`,
      { id: change.id, v: change.version },
      tokens.changeManager!,
    );
    expect(forced).toBe('CHANGE_APPROVAL_QUORUM_NOT_MET');
    // The refusal changed nothing; a second approver meets the quorum (2 by default).
    change = await approve(change, tokens.otherTech!);
    expect(change.status).toBe('APPROVED');
  });

  it('reports a conflicting window on the same service when a change is submitted', async () => {
    const first = await createChange('NORMAL', 'Rotate the ledger database certificates', {
      service: 'ledger',
      start: 72,
      hours: 4,
    });
    await submit(first);
    const second = await createChange('NORMAL', 'Resize the ledger volumes', {
      service: 'ledger',
      start: 74,
      hours: 4,
    });
    const submitted = await submit(second);
    expect(submitted.changeRequest.status).toBe('SUBMITTED');
    expect(submitted.conflicts).toEqual([{ change: { number: first.number }, services: ['ledger'] }]);
    const apart = await createChange('NORMAL', 'Resize the ledger volumes later', {
      service: 'ledger',
      start: 200,
      hours: 1,
    });
    expect((await submit(apart)).conflicts).toEqual([]);
  });

  it('finds the known error for a new incident from its symptoms', async () => {
    const incident = await createIncident(
      'Card payments failing again',
      'payment service times out, connection pool exhausted in the logs',
    );
    const symptoms = (
      await call<{ incident: { symptoms: string } }>(
        `query($id: ID!) { incident(id: $id) { symptoms } }`,
        { id: incident.id },
        tokens.agent!,
      )
    ).incident.symptoms;
    const found = await call<{
      searchKnownErrors: Array<{
        knownError: { title: string; workaround: string };
        problem: { number: string };
      }>;
    }>(
      `query($text: String!) { searchKnownErrors(text: $text) { knownError { title workaround } problem { number } } }`,
      // The new incident's symptoms, pasted as they are.
      { text: symptoms },
      tokens.agent!,
    );
    expect(symptoms).toContain('pool exhausted');
    expect(found.searchKnownErrors[0]?.knownError).toEqual({
      title: 'Payment database connection pool exhausted',
      workaround: 'Restart the payment service with POOL_SIZE=200',
    });
  });

  it('refuses what the RACI does not allow, with coded errors', async () => {
    const incident = await createIncident('Refusals');
    // Only the problem manager records analysis; a service desk agent may not.
    const created = await call<{ createProblem: { id: string; version: number } }>(
      `mutation($input: CreateProblemInput!) { createProblem(input: $input) { id version } }`,
      { input: { title: 'Refusals', description: 'Refusals', priority: 'P3', incidentIds: [incident.id] } },
      tokens.agent!,
    );
    expect(
      await refusal(
        `mutation($input: RecordRootCauseAnalysisInput!) { recordRootCauseAnalysis(input: $input) { id } }`,
        {
          input: {
            problemId: created.createProblem.id,
            expectedVersion: created.createProblem.version,
            method: 'FIVE_WHYS',
            whys: [{ question: 'Why?', answer: 'Because' }],
            rootCause: 'Guess',
          },
        },
        tokens.agent!,
      ),
    ).toBe('FORBIDDEN');
    // Technical staff implement but do not approve as the accountable: the change manager assesses.
    const change = await createChange('NORMAL', 'Refused assessment', { service: 'refusals', start: 300 });
    const submitted = (await submit(change)).changeRequest;
    expect(
      await refusal(
        `mutation($id: ID!, $v: Int!) { changeChangeRequestStatus(id: $id, expectedVersion: $v, status: ASSESSED) { id } }`,
        { id: submitted.id, v: submitted.version },
        tokens.tech!,
      ),
    ).toBe('FORBIDDEN');
    // A stale version is a conflict.
    expect(
      await refusal(
        `mutation($id: ID!, $v: Int!) { changeChangeRequestStatus(id: $id, expectedVersion: $v, status: ASSESSED) { id } }`,
        { id: submitted.id, v: submitted.version - 1 },
        tokens.changeManager!,
      ),
    ).toBe('CONFLICT');
  });
});
