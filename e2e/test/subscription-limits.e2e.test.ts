import { eventually, graphqlRequest, tokenFor } from '@mim/testing';
import { type LiveClient, liveClient, openSubscriptions } from './live-client';
import { type Stack, startStack } from './stack';

/** A gateway with low limits, so each abuse case is cheap to provoke over a real socket. */
const lowLimits = {
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2',
  WS_MAX_CONNECTIONS_PER_IDENTITY: '2',
  MAX_QUERY_DEPTH: '4',
  MAX_ALIASES: '3',
  MUTATION_RATE_LIMIT_POINTS: '3',
  MUTATION_RATE_LIMIT_WINDOW_SECONDS: '60',
};

describe('limits on the graphql-ws transport', () => {
  let stack: Stack;
  let agent: string;
  let incidentId: string;
  const clients: LiveClient[] = [];
  const open = (token: string) => {
    const client = liveClient(stack.gatewayUrl, token);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    stack = await startStack({ gatewayEnv: lowLimits });
    agent = await tokenFor('agent-limits', ['service_desk_technician'], { name: 'Ada Agent' });
    const creator = await tokenFor('creator-limits', ['service_desk_technician']);
    const created = await graphqlRequest<{ createIncident: { id: string } }>(
      stack.gatewayUrl,
      `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`,
      {
        token: creator,
        variables: {
          input: {
            title: 'Limits',
            description: 'Limits',
            channel: 'PHONE',
            impact: 'MINOR',
            urgency: 'LOW',
          },
        },
      },
    );
    incidentId = created.data!.createIncident.id;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
    await eventually(async () => expect(await openSubscriptions(stack.gatewayUrl)).toBe(0));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const timeline = `subscription($id: ID!) { incidentTimeline(incidentId: $id) { position } }`;

  it('refuses a subscription past the per-connection limit with TOO_MANY_SUBSCRIPTIONS', async () => {
    const socket = open(agent);
    socket.subscribe(timeline, { id: incidentId });
    socket.subscribe(timeline, { id: incidentId });
    const third = socket.subscribe(timeline, { id: incidentId });
    expect(await third.ended).toBe('error');
    expect(third.received[0]?.errors?.[0]?.extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');
  });

  it('closes a connection past the per-identity limit with 4429', async () => {
    const first = open(agent);
    const second = open(agent);
    first.subscribe(timeline, { id: incidentId });
    second.subscribe(timeline, { id: incidentId });
    // Both sockets are accepted (each holds a subscription) before the third knocks.
    await eventually(async () => expect(await openSubscriptions(stack.gatewayUrl)).toBe(2));
    const third = open(agent);
    const closed = await third.closed;
    expect(closed.code).toBe(4429);
    expect(closed.reason).toMatch(/^TOO_MANY_CONNECTIONS/);
  });

  it('applies the depth and alias limits to subscription documents', async () => {
    const socket = open(agent);
    const deep = socket.subscribe(
      `subscription($id: ID!) { incidentTimeline(incidentId: $id) { incident { problems { incidents { number } } } } }`,
      { id: incidentId },
    );
    expect(await deep.ended).toBe('error');
    expect(deep.received[0]?.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
    const aliased = socket.subscribe(
      `subscription($id: ID!) { incidentTimeline(incidentId: $id) { a: position b: position c: position d: position } }`,
      { id: incidentId },
    );
    expect(await aliased.ended).toBe('error');
    expect(aliased.received[0]?.errors?.[0]?.extensions?.code).toBe('TOO_MANY_ALIASES');
  });

  it('runs queries and mutations over the socket with the same rate limit as HTTP', async () => {
    const caller = await tokenFor('rate-limited', ['service_desk_technician']);
    const socket = open(caller);
    const read = socket.subscribe<{ incident: { id: string } }>(
      `query($id: ID!) { incident(id: $id) { id } }`,
      {
        id: incidentId,
      },
    );
    expect(await read.ended).toBe('complete');
    expect(read.received[0]?.data?.incident.id).toBe(incidentId);

    const codes: unknown[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const write = socket.subscribe(
        `mutation($id: ID!) { addIncidentComment(incidentId: $id, body: "over the socket", visibility: INTERNAL) { id } }`,
        { id: incidentId },
      );
      await write.ended;
      codes.push(write.received[0]?.errors?.[0]?.extensions?.code ?? 'ok');
    }
    expect(codes).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED']);
  });
});
