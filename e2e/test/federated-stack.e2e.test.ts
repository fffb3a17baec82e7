import { eventually, graphqlRequest, tokenFor } from '@mim/testing';
import { type Stack, startStack } from './stack';

interface CrossSubgraphIncident {
  incident: {
    number: string;
    status: string;
    problems: Array<{ number: string }>;
    changes: Array<{ number: string }>;
    notifications: Array<{ subject: string; channel: string }>;
    metrics: { timeToAcknowledgeSeconds: number | null; timeToResolveSeconds: number | null } | null;
  } | null;
}

describe('the federated stack, end to end (gateway over real HTTP, PostgreSQL, NATS)', () => {
  let stack: Stack;
  let manager: string;

  beforeAll(async () => {
    stack = await startStack();
    manager = await tokenFor('mim-1', ['major_incident_manager', 'problem_manager', 'change_manager'], {
      name: 'Morgan Manager',
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const call = <T>(query: string, variables: Record<string, unknown> = {}, token = manager) =>
    graphqlRequest<T>(stack.gatewayUrl, query, { token, variables });

  it('creates an incident through the gateway and reads fields of all five subgraphs for it', async () => {
    const created = await call<{ createIncident: { id: string; number: string; version: number } }>(
      `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id number version } }`,
      {
        input: {
          title: 'WAF rule drives CPU to 100% on every edge node',
          description: 'HTTP 502 everywhere since 13:45',
          channel: 'MONITORING',
          impact: 'EXTENSIVE',
          urgency: 'CRITICAL',
          affectedServices: ['edge-proxy'],
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const incident = created.data!.createIncident;

    const problem = await call<{ createProblem: { number: string } }>(
      `mutation($input: CreateProblemInput!) { createProblem(input: $input) { number } }`,
      {
        input: {
          title: 'WAF regex backtracking',
          description: 'Root cause hunt',
          priority: 'P1',
          incidentIds: [incident.id],
        },
      },
    );
    expect(problem.errors).toBeUndefined();
    const change = await call<{ createChangeRequest: { number: string } }>(
      `mutation($input: CreateChangeRequestInput!) { createChangeRequest(input: $input) { number } }`,
      {
        input: {
          title: 'Disable the WAF managed rule globally',
          description: 'Emergency rollback of the rule',
          type: 'EMERGENCY',
          risk: 'HIGH',
          implementationPlan: 'Toggle the rule off',
          rollbackPlan: 'Toggle it back on',
          testPlan: 'Watch 502 rate',
          plannedStart: new Date(Date.now() + 60_000).toISOString(),
          plannedEnd: new Date(Date.now() + 3_600_000).toISOString(),
          affectedServices: ['edge-proxy'],
          incidentLinks: [{ incidentId: incident.id, relation: 'FIXES' }],
        },
      },
    );
    expect(change.errors).toBeUndefined();

    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id, expectedVersion: 1) { status } }`, {
      id: incident.id,
    });

    const query = `query($id: ID!) { incident(id: $id) {
      number status
      problems { number }
      changes { number }
      notifications { subject channel }
      metrics { timeToAcknowledgeSeconds timeToResolveSeconds }
    } }`;
    const result = await eventually(
      async () => {
        const response = await call<CrossSubgraphIncident>(query, { id: incident.id });
        expect(response.errors).toBeUndefined();
        const found = response.data!.incident!;
        // Written by the notification and analytics services from the incident's events.
        expect(found.notifications.length).toBeGreaterThanOrEqual(1);
        expect(found.metrics?.timeToAcknowledgeSeconds).not.toBeNull();
        return found;
      },
      { timeoutMs: 20_000 },
    );
    expect(result).toMatchObject({
      number: incident.number,
      status: 'ACKNOWLEDGED',
      problems: [{ number: problem.data!.createProblem.number }],
      changes: [{ number: change.data!.createChangeRequest.number }],
    });
    expect(result.notifications[0]?.subject).toContain(incident.number);
    expect(result.metrics!.timeToAcknowledgeSeconds).toBeGreaterThanOrEqual(0);
    expect(result.metrics!.timeToResolveSeconds).toBeNull();
  });

  it('answers bad input with a stable code through the gateway and writes nothing', async () => {
    const countIncidents = async () => {
      const [row] = await stack.services.incident.deps.dataSource.query<
        [{ incidents: number; events: number }]
      >(
        `SELECT (SELECT count(*) FROM incident)::int AS incidents, (SELECT count(*) FROM outbox_message)::int AS events`,
      );
      return row;
    };
    const before = await countIncidents();
    const response = await call(
      `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`,
      { input: { title: '', description: 'x', channel: 'PHONE', impact: 'MINOR', urgency: 'LOW' } },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknownEnum = await call(
      `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`,
      { input: { title: 't', description: 'x', channel: 'FAX', impact: 'MINOR', urgency: 'LOW' } },
    );
    expect(unknownEnum.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await countIncidents()).toEqual(before);
  });

  it('refuses a caller without a token at the gateway', async () => {
    const response = await graphqlRequest(stack.gatewayUrl, '{ incidents { nodes { id } } }');
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
