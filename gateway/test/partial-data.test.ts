import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually, provisionTestEventTopology } from '@mim/testing';
import { signDevelopmentToken } from '@mim/auth';
import { createLogger } from '@mim/observability';
import { createGateway, loadEnv, type Gateway } from '../src';
import { auth, composeSupergraph, postGraphQL, startSubgraph, type TestSubgraph } from './test-subgraph';

const incidentTypeDefs = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query {
    incident(id: ID!): Incident
    incidents: [Incident!]!
  }
  type Incident @key(fields: "id") {
    id: ID!
    title: String!
  }
`;

const problemTypeDefs = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query {
    problem(id: ID!): Problem
  }
  type Problem @key(fields: "id") {
    id: ID!
    summary: String!
  }
  type Incident @key(fields: "id") {
    id: ID!
    problems: [Problem!]
    problemCount: Int
  }
`;

const incidentResolvers = {
  Query: {
    incident: (_source: unknown, { id }: { id: string }) => ({ id, title: `Incident ${id}` }),
    incidents: () => [1, 2].map((n) => ({ id: String(n), title: `Incident ${n}` })),
  },
  Incident: { __resolveReference: ({ id }: { id: string }) => ({ id, title: `Incident ${id}` }) },
};

const problemResolvers = {
  Query: { problem: (_source: unknown, { id }: { id: string }) => ({ id, summary: `Problem ${id}` }) },
  Incident: {
    __resolveReference: ({ id }: { id: string }) => ({ id }),
    problems: ({ id }: { id: string }) => [{ id: `p-${id}`, summary: `Root cause of ${id}` }],
    problemCount: () => 1,
  },
};

const query = `query Overview {
  incident(id: "5") { id title problems { id summary } }
  incidents { id problemCount }
  problem(id: "p-1") { summary }
}`;

const fullAnswer = {
  incident: { id: '5', title: 'Incident 5', problems: [{ id: 'p-5', summary: 'Root cause of 5' }] },
  incidents: [
    { id: '1', problemCount: 1 },
    { id: '2', problemCount: 1 },
  ],
  problem: { summary: 'Problem p-1' },
};

async function eventsFeedUp(origin: string): Promise<void> {
  await eventually(async () => {
    const report = (await (await fetch(`${origin}/readyz`)).json()) as { checks?: Record<string, string> };
    expect(report.checks).toEqual({ events: 'up' });
  });
}

describe('partial data while a subgraph is down', () => {
  let incident: TestSubgraph;
  let problem: TestSubgraph;
  let gateway: Gateway;
  // A private event stream, so the gateway's event feed (reported on /readyz) is up.
  let events: Awaited<ReturnType<typeof provisionTestEventTopology>> | undefined;
  let url: string;
  let origin: string;
  let headers: Record<string, string>;
  const logger = createLogger({ service: 'gateway-test', level: 'silent' });

  beforeAll(async () => {
    incident = await startSubgraph('incident', incidentTypeDefs, incidentResolvers);
    problem = await startSubgraph('problem', problemTypeDefs, problemResolvers);
    events = await provisionTestEventTopology();
    gateway = createGateway({
      env: loadEnv({
        ...events.env,
        PORT: '0',
        HOST: '127.0.0.1',
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        AUTH_JWT_SECRET: auth.secret,
      }),
      logger,
      supergraphSdl: composeSupergraph([incident, problem]),
      subgraphUrls: { incident: incident.url, problem: problem.url },
    });
    url = (await gateway.start()).url;
    origin = new URL(url).origin;
    await eventsFeedUp(origin);
    const token = await signDevelopmentToken(
      { subject: 'u-partial', roles: ['major_incident_manager'] },
      auth,
    );
    headers = { authorization: `Bearer ${token}`, 'x-correlation-id': 'corr-partial' };
  });

  afterAll(async () => {
    await gateway?.stop();
    await events?.remove();
    // Stopping twice is harmless: the last test stops both subgraphs itself.
    await incident?.stop().catch(() => undefined);
    await problem?.stop().catch(() => undefined);
  });

  it('answers the rest of the graph with SUBGRAPH_UNAVAILABLE for its fields, is degraded, and recovers', async () => {
    const before = await postGraphQL(url, { query }, headers);
    expect(before.body).toEqual({ data: fullAnswer });

    await problem.stop();
    const logged = jest.spyOn(logger, 'warn');
    const during = await postGraphQL(url, { query }, headers);
    expect(during.status).toBe(200);
    expect(during.body.data).toEqual({
      incident: { id: '5', title: 'Incident 5', problems: null },
      incidents: [
        { id: '1', problemCount: null },
        { id: '2', problemCount: null },
      ],
      problem: null,
    });
    const unavailable = (path: (string | number)[]) => ({
      message: 'The problem service is unavailable; its fields are null.',
      path,
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'problem' },
    });
    expect(during.body.errors).toHaveLength(4);
    expect(during.body.errors).toEqual(
      expect.arrayContaining([
        unavailable(['incident', 'problems']),
        unavailable(['incidents', 0, 'problemCount']),
        unavailable(['incidents', 1, 'problemCount']),
        unavailable(['problem']),
      ]),
    );
    // The client learns which service, never where it lives or how the connection failed...
    expect(JSON.stringify(during.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|:\d{4,5}/);
    // ...which is logged, under the request's correlation id.
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({
        serviceName: 'problem',
        correlationId: 'corr-partial',
        err: expect.anything(),
      }),
      expect.stringContaining('"problem" is unavailable'),
    );
    const [fields] = logged.mock.calls[0]! as unknown as [{ err: Error }];
    // Refused, or reset on a kept-alive connection the stopped subgraph closed: either way, logged in full.
    expect(fields.err.message).toMatch(/ECONNREFUSED|socket hang up|ECONNRESET/);
    logged.mockRestore();

    // Still serving: the load balancer keeps this replica, the report names what is down.
    const degraded = await fetch(`${origin}/readyz`);
    expect(degraded.status).toBe(200);
    expect(await degraded.json()).toEqual({
      status: 'degraded',
      supergraphLoaded: true,
      subgraphs: { incident: 'up', problem: 'down' },
      down: ['problem'],
      checks: { events: 'up' },
    });

    // The subgraph comes back where it was: the next operation is answered in full, no restart.
    problem = await startSubgraph('problem', problemTypeDefs, problemResolvers, problem.port);
    const after = await postGraphQL(url, { query }, headers);
    expect(after.body).toEqual({ data: fullAnswer });
    const ready = await fetch(`${origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', down: [] });
  });

  it('is unavailable (503) when no subgraph answers', async () => {
    await problem.stop();
    await incident.stop();
    const response = await fetch(`${origin}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'unavailable',
      supergraphLoaded: true,
      subgraphs: { incident: 'down', problem: 'down' },
      down: ['incident', 'problem'],
      checks: { events: 'up' },
    });
    const { status, body } = await postGraphQL(url, { query: '{ incident(id: "1") { id } }' }, headers);
    expect(status).toBe(200);
    expect(body).toEqual({
      data: { incident: null },
      errors: [
        {
          message: 'The incident service is unavailable; its fields are null.',
          path: ['incident'],
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'incident' },
        },
      ],
    });
  });
});

describe('a subgraph that accepts connections but never answers', () => {
  it('is unavailable after SUBGRAPH_TIMEOUT_MS, and the rest of the graph answers', async () => {
    const incident = await startSubgraph('incident', incidentTypeDefs, incidentResolvers);
    const problem = await startSubgraph('problem', problemTypeDefs, problemResolvers);
    // Takes every request and never writes a byte back.
    const hanging = http.createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as AddressInfo;
    const gateway = createGateway({
      env: loadEnv({
        PORT: '0',
        HOST: '127.0.0.1',
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        AUTH_JWT_SECRET: auth.secret,
        SUBGRAPH_TIMEOUT_MS: '300',
      }),
      logger: createLogger({ service: 'gateway-test', level: 'silent' }),
      supergraphSdl: composeSupergraph([incident, problem]),
      subgraphUrls: { incident: incident.url, problem: `http://127.0.0.1:${port}/graphql` },
    });
    try {
      const { url } = await gateway.start();
      const token = await signDevelopmentToken(
        { subject: 'u-timeout', roles: ['major_incident_manager'] },
        auth,
      );
      const started = Date.now();
      const answer = await postGraphQL(
        url,
        { query: `{ incident(id: "5") { id title problems { id } } }` },
        { authorization: `Bearer ${token}` },
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(answer.body.data).toEqual({ incident: { id: '5', title: 'Incident 5', problems: null } });
      expect(answer.body.errors?.[0]?.extensions).toMatchObject({
        code: 'SUBGRAPH_UNAVAILABLE',
        serviceName: 'problem',
      });
    } finally {
      await gateway.stop();
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
      await incident.stop();
      await problem.stop();
    }
  });
});
