import { eventually, graphqlRequest, tokenFor } from '@mim/testing';
import { type Stack, startStack } from './stack';

/** P4 clocks of seconds, so the scheduler's breach detection is observable in a test run. */
const tightPolicies = JSON.stringify({ P4: { firstResponseSeconds: 2, resolutionSeconds: 4 } });

describe('SLA breach detected by the scheduler, seen through the gateway', () => {
  let stack: Stack;
  let technician: string;

  beforeAll(async () => {
    stack = await startStack({ incidentEnv: { INCIDENT_SLA_POLICIES: tightPolicies } });
    technician = await tokenFor('tech-sla', ['service_desk_technician']);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('breaches an untouched incident without any request, and the gateway shows and filters it', async () => {
    const created = await graphqlRequest<{ createIncident: { id: string; priority: string } }>(
      stack.gatewayUrl,
      `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id priority } }`,
      {
        token: technician,
        variables: {
          input: {
            title: 'Printer queue stuck on floor 3',
            description: 'Jobs stay pending',
            channel: 'PHONE',
            impact: 'SIGNIFICANT',
            urgency: 'MEDIUM',
          },
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const { id, priority } = created.data!.createIncident;
    expect(priority).toBe('P4');

    const breached = await eventually(
      async () => {
        const response = await graphqlRequest<{
          incident: {
            sla: { status: string; firstResponse: { status: string }; resolution: { status: string } };
          };
        }>(
          stack.gatewayUrl,
          `query($id: ID!) { incident(id: $id) { sla { status firstResponse { status } resolution { status } } } }`,
          { token: technician, variables: { id } },
        );
        expect(response.data?.incident.sla.resolution.status).toBe('BREACHED');
        return response.data!.incident.sla;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    expect(breached).toMatchObject({ status: 'BREACHED', firstResponse: { status: 'BREACHED' } });

    const filtered = await graphqlRequest<{ incidents: { nodes: Array<{ id: string }> } }>(
      stack.gatewayUrl,
      `{ incidents(first: 100, filter: { slaStatus: [BREACHED] }) { nodes { id } } }`,
      { token: technician },
    );
    expect(filtered.data?.incidents.nodes.map((node) => node.id)).toContain(id);

    // The scheduler announced each breach once, on the timeline and as an event. The query above reads
    // the clocks as of now, which can be a moment before the scheduler's timers have fired: wait for them.
    const breachEvents = async () => {
      const [row] = await stack.services.incident.deps.dataSource.query<[{ n: number }]>(
        `SELECT count(*)::int AS n FROM outbox_message WHERE subject = 'incident.sla_breached.v1' AND envelope->'data'->>'incidentId' = $1`,
        [id],
      );
      return row.n;
    };
    await eventually(async () => expect(await breachEvents()).toBe(2), {
      timeoutMs: 20_000,
      intervalMs: 250,
    });
    // ...and never more: a second look after the timers are done still counts two.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await breachEvents()).toBe(2);
  });
});
