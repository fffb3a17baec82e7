import { eventually, graphqlRequest, tokenFor } from '@mim/testing';
import { type Stack, startStack } from './stack';

const fields = `id number status version supportTier assignmentGroup escalationManager { id name } priority`;
type Incident = {
  id: string;
  number: string;
  status: string;
  version: number;
  supportTier: string;
  assignmentGroup: string | null;
  escalationManager: { id: string; name: string } | null;
  priority: string;
};

/** A service-desk day through the gateway: intake, escalation, permissions, bad input. */
describe('the service desk through the gateway (real HTTP, PostgreSQL, NATS)', () => {
  let stack: Stack;
  let alice: string;
  let technician: string;
  let manager: string;
  let analyst: string;

  beforeAll(async () => {
    stack = await startStack();
    alice = await tokenFor('alice-e2e', ['end_user'], { name: 'Alice' });
    technician = await tokenFor('tech-e2e', ['service_desk_technician'], { name: 'Tess Tech' });
    manager = await tokenFor('mim-e2e', ['major_incident_manager'], { name: 'Morgan Manager' });
    analyst = await tokenFor('ana-e2e', ['analyst'], { name: 'Ana Analyst' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const call = <T>(token: string, query: string, variables: Record<string, unknown> = {}) =>
    graphqlRequest<T>(stack.gatewayUrl, query, { token, variables });
  const ok = async (token: string, query: string, variables: Record<string, unknown>): Promise<Incident> => {
    const response = await call<Record<string, Incident>>(token, query, variables);
    expect(response.errors).toBeUndefined();
    return Object.values(response.data!)[0]!;
  };
  const counts = async () => {
    const [row] = await stack.services.incident.deps.dataSource.query<[Record<string, number>]>(
      `SELECT (SELECT count(*) FROM incident)::int AS incidents,
              (SELECT count(*) FROM incident_timeline_entry)::int AS timeline,
              (SELECT count(*) FROM comment)::int AS comments,
              (SELECT count(*) FROM outbox_message)::int AS events`,
    );
    return row;
  };

  it('takes a report from the portal, escalates it L1 -> L2 and to a manager, and tells the reporter', async () => {
    let incident = await ok(
      alice,
      `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { ${fields} } }`,
      {
        input: {
          title: 'Cannot reach the intranet over VPN',
          description: 'Timeout after login',
          symptoms: 'Error 809',
          channel: 'PORTAL',
          impact: 'MODERATE',
          urgency: 'HIGH',
          category: 'network',
          subcategory: 'vpn',
        },
      },
    );
    expect(incident).toMatchObject({ status: 'NEW', supportTier: 'L1', priority: 'P4' });
    const { id } = incident;
    incident = await ok(
      technician,
      `mutation($id: ID!, $v: Int!) { acknowledgeIncident(id: $id, expectedVersion: $v) { ${fields} } }`,
      {
        id,
        v: incident.version,
      },
    );
    incident = await ok(
      technician,
      `mutation($input: EscalateIncidentInput!) { escalateIncident(input: $input) { ${fields} } }`,
      {
        input: {
          id,
          expectedVersion: incident.version,
          reason: 'VPN concentrator issue',
          assignmentGroup: 'network-operations',
        },
      },
    );
    expect(incident).toMatchObject({ supportTier: 'L2', assignmentGroup: 'network-operations' });
    incident = await ok(
      manager,
      `mutation($input: EscalateIncidentToManagerInput!) { escalateIncidentToManager(input: $input) { ${fields} } }`,
      {
        input: {
          id,
          expectedVersion: incident.version,
          manager: { id: 'cio', name: 'Casey CIO' },
          reason: 'Whole site remote',
        },
      },
    );
    expect(incident.escalationManager).toEqual({ id: 'cio', name: 'Casey CIO' });
    await call(
      alice,
      `mutation { addIncidentComment(incidentId: "${id}", body: "Still down for me", visibility: PUBLIC) { id } }`,
    );
    incident = await ok(
      technician,
      `mutation($input: ResolveIncidentInput!) { resolveIncident(input: $input) { ${fields} } }`,
      {
        input: {
          id,
          expectedVersion: incident.version,
          resolutionCode: 'PERMANENT_FIX',
          resolutionNotes: 'Concentrator replaced',
        },
      },
    );
    expect(incident.status).toBe('RESOLVED');

    // The reporter is told (notification service, from incident.status_changed.v1) and sees the public history.
    const told = await eventually(
      async () => {
        const response = await call<{ myNotifications: Array<{ subject: string }> }>(
          alice,
          `{ myNotifications(first: 10) { subject } }`,
        );
        expect(response.data?.myNotifications.map((n) => n.subject)).toContain(
          `Your incident ${incident.number} is resolved`,
        );
        return response.data!.myNotifications;
      },
      { timeoutMs: 20_000 },
    );
    expect(told.length).toBeGreaterThanOrEqual(2);
    const history = await call<{ incident: { timeline: { nodes: Array<{ kind: string }> } } }>(
      alice,
      `query($id: ID!) { incident(id: $id) { timeline { nodes { kind } } } }`,
      { id },
    );
    expect(history.data?.incident.timeline.nodes.map((node) => node.kind)).toEqual([
      'created',
      'status_changed',
      'comment_added',
      'status_changed',
    ]);
    const staffHistory = await call<{ incident: { timeline: { nodes: Array<{ kind: string }> } } }>(
      analyst,
      `query($id: ID!) { incident(id: $id) { timeline { nodes { kind } } } }`,
      { id },
    );
    expect(staffHistory.data?.incident.timeline.nodes.map((node) => node.kind)).toEqual([
      'created',
      'status_changed',
      'escalated',
      'escalated',
      'comment_added',
      'status_changed',
    ]);
  });

  it('enforces who may do what in the incident service, behind the gateway', async () => {
    const created = await ok(
      alice,
      `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { ${fields} } }`,
      {
        input: {
          title: 'Laptop will not boot',
          description: 'Black screen',
          channel: 'PORTAL',
          impact: 'MINOR',
          urgency: 'HIGH',
        },
      },
    );
    const before = await counts();
    for (const [token, query] of [
      [alice, `mutation { acknowledgeIncident(id: "${created.id}", expectedVersion: 1) { id } }`],
      [analyst, `mutation { startIncident(id: "${created.id}", expectedVersion: 1) { id } }`],
      [
        analyst,
        `mutation { escalateIncident(input: { id: "${created.id}", expectedVersion: 1, reason: "r" }) { id } }`,
      ],
      [
        alice,
        `mutation { addIncidentComment(incidentId: "${created.id}", body: "n", visibility: INTERNAL) { id } }`,
      ],
    ] as const) {
      const response = await call(token, query);
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await counts()).toEqual(before);
  });

  it('answers bad input with a coded error and writes nothing', async () => {
    const created = await ok(
      technician,
      `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { ${fields} } }`,
      {
        input: {
          title: 'Mail delayed',
          description: 'Hours late',
          channel: 'EMAIL',
          impact: 'SIGNIFICANT',
          urgency: 'MEDIUM',
        },
      },
    );
    const before = await counts();
    const nul = await call(
      technician,
      `mutation($body: String!) { addIncidentComment(incidentId: "${created.id}", body: $body, visibility: PUBLIC) { id } }`,
      {
        body: 'a\u0000b',
      },
    );
    expect(nul.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'body' }] });
    const oversized = await call(
      technician,
      `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`,
      {
        input: {
          title: 'x'.repeat(201),
          description: 'd',
          channel: 'EMAIL',
          impact: 'MINOR',
          urgency: 'LOW',
        },
      },
    );
    expect(oversized.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknownEnum = await call(
      technician,
      `mutation { holdIncident(input: { id: "${created.id}", expectedVersion: 1, reason: LUNCH }) { id } }`,
    );
    expect(unknownEnum.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const invalid = await call(
      technician,
      `mutation { closeIncident(id: "${created.id}", expectedVersion: 1) { id } }`,
    );
    expect(invalid.errors?.[0]).toMatchObject({
      message: 'An incident cannot go from NEW to CLOSED',
      extensions: { code: 'INVALID_TRANSITION' },
    });
    expect(await counts()).toEqual(before);
  });
});
