import { eventually, provisionTestEventTopology } from '@mim/testing';
import { signDevelopmentToken } from '@mim/auth';
import { createLogger } from '@mim/observability';
import { GraphQLError } from 'graphql';
import { createGateway, loadEnv, type Gateway } from '../src';
import { auth, composeSupergraph, startSubgraph, type TestSubgraph } from './test-subgraph';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const traceparentPattern = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

const incidentTypeDefs = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query {
    incident(id: ID!): Incident
    failing: String
    missing: String
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
    problems: [Problem!]!
  }
`;

/** `alg: none` with admin claims: an unsigned token must never be accepted. */
function unsignedToken(): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: 'mallory',
    roles: ['admin'],
    iss: auth.issuer,
    aud: auth.audience,
    iat: now,
    exp: now + 600,
  };
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}

describe('gateway', () => {
  let incident: TestSubgraph;
  let problem: TestSubgraph;
  let gateway: Gateway;
  // A private event stream, so the gateway's event feed (reported on /readyz) is up.
  let events: Awaited<ReturnType<typeof provisionTestEventTopology>> | undefined;
  let gatewayUrl: string;
  let origin: string;
  let token: string;
  const logger = createLogger({ service: 'gateway-test', level: 'silent' });

  beforeAll(async () => {
    incident = await startSubgraph('incident', incidentTypeDefs, {
      Query: {
        incident: (_source, { id }: { id: string }) => ({ id, title: `Incident ${id}` }),
        failing: () => {
          throw new Error('connection to postgres://admin:hunter2@db failed');
        },
        missing: () => {
          throw new GraphQLError('Incident 404 does not exist', { extensions: { code: 'NOT_FOUND' } });
        },
      },
      Incident: { __resolveReference: ({ id }: { id: string }) => ({ id, title: `Incident ${id}` }) },
    });
    problem = await startSubgraph('problem', problemTypeDefs, {
      Query: { problem: (_source, { id }: { id: string }) => ({ id, summary: `Problem ${id}` }) },
      Incident: {
        __resolveReference: ({ id }: { id: string }) => ({ id }),
        problems: ({ id }: { id: string }) => [{ id: `p-${id}`, summary: `Root cause of ${id}` }],
      },
    });

    events = await provisionTestEventTopology();
    const env = loadEnv({
      ...events.env,
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      AUTH_JWT_SECRET: auth.secret,
      MAX_BODY_BYTES: String(64 * 1024),
    });
    gateway = createGateway({
      env,
      logger,
      supergraphSdl: composeSupergraph([incident, problem]),
      // The supergraph records the same URLs; the override map is what a deployment uses.
      subgraphUrls: { incident: incident.url, problem: problem.url },
    });
    gatewayUrl = (await gateway.start()).url;
    origin = new URL(gatewayUrl).origin;
    await eventually(async () => {
      const report = (await (await fetch(`${origin}/readyz`)).json()) as { checks?: Record<string, string> };
      expect(report.checks).toEqual({ events: 'up' });
    });
    token = await signDevelopmentToken({ subject: 'u-1', roles: ['major_incident_manager'] }, auth);
  });

  afterAll(async () => {
    await gateway?.stop();
    await events?.remove();
    await incident?.stop();
    await problem?.stop();
  });

  beforeEach(() => {
    incident.received.length = 0;
    problem.received.length = 0;
  });

  async function graphql(query: string, headers: Record<string, string> = {}) {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as {
      data?: Record<string, unknown> | null;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    };
    return { status: response.status, headers: response.headers, body };
  }

  describe('authentication', () => {
    it('refuses a request without a token with 401 UNAUTHENTICATED and calls no subgraph', async () => {
      const { status, body } = await graphql('{ incident(id: "1") { id } }');
      expect(status).toBe(401);
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(incident.received).toHaveLength(0);
    });

    it.each([
      ['alg none', () => Promise.resolve(`Bearer ${unsignedToken()}`)],
      [
        'a wrong key',
        async () =>
          `Bearer ${await signDevelopmentToken({ subject: 'x', roles: ['admin'] }, { ...auth, secret: 'w'.repeat(48) })}`,
      ],
      [
        'a wrong audience',
        async () =>
          `Bearer ${await signDevelopmentToken({ subject: 'x', roles: ['admin'] }, { ...auth, audience: 'other-api' })}`,
      ],
      [
        'an expired token',
        async () =>
          `Bearer ${await signDevelopmentToken({ subject: 'x', roles: ['admin'], expiresIn: -120 }, auth)}`,
      ],
      ['a malformed token', () => Promise.resolve('Bearer not-a-jwt')],
      ['another scheme', () => Promise.resolve('Basic YWRtaW46YWRtaW4=')],
    ])('refuses %s with 401 UNAUTHENTICATED', async (_case, authorization) => {
      const { status, body } = await graphql('{ incident(id: "1") { id } }', {
        authorization: await authorization(),
      });
      expect(status).toBe(401);
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(incident.received).toHaveLength(0);
    });
  });

  describe('forwarding to subgraphs', () => {
    it('forwards the same Authorization header, correlation id and traceparent, and nothing else', async () => {
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      const { status, headers, body } = await graphql('{ incident(id: "7") { id title } }', {
        authorization: `Bearer ${token}`,
        'x-correlation-id': 'corr-test-123',
        traceparent,
        'x-user-id': 'admin',
        'x-caller': JSON.stringify({ subject: 'root', roles: ['admin'] }),
        'x-forwarded-for': '10.0.0.1',
        cookie: 'session=abc',
      });
      expect(status).toBe(200);
      expect(body).toEqual({ data: { incident: { id: '7', title: 'Incident 7' } } });
      expect(headers.get('x-correlation-id')).toBe('corr-test-123');

      expect(incident.received).toHaveLength(1);
      const sent = incident.received[0]!;
      expect(sent.authorization).toBe(`Bearer ${token}`);
      expect(sent['x-correlation-id']).toBe('corr-test-123');
      expect(sent.traceparent).toBe(traceparent);
      for (const name of ['x-user-id', 'x-caller', 'x-forwarded-for', 'cookie']) {
        expect(sent[name]).toBeUndefined();
      }
      const customHeaders = Object.keys(sent).filter((name) => name.startsWith('x-'));
      expect(customHeaders).toEqual(['x-correlation-id']);
    });

    it('generates a correlation id and a traceparent when the client sends none', async () => {
      const { headers } = await graphql('{ incident(id: "8") { id } }', { authorization: `Bearer ${token}` });
      const sent = incident.received[0]!;
      expect(sent['x-correlation-id']).toMatch(uuidPattern);
      expect(headers.get('x-correlation-id')).toBe(sent['x-correlation-id']);
      expect(sent.traceparent).toMatch(traceparentPattern);
    });

    it('replaces an invalid traceparent instead of forwarding it', async () => {
      await graphql('{ incident(id: "9") { id } }', {
        authorization: `Bearer ${token}`,
        traceparent: 'garbage',
      });
      expect(incident.received[0]!.traceparent).toMatch(traceparentPattern);
    });

    it('resolves an entity query spanning both subgraphs with the same identity and correlation id', async () => {
      const { status, body } = await graphql('{ incident(id: "42") { id title problems { id summary } } }', {
        authorization: `Bearer ${token}`,
        'x-correlation-id': 'corr-entity',
      });
      expect(status).toBe(200);
      expect(body).toEqual({
        data: {
          incident: {
            id: '42',
            title: 'Incident 42',
            problems: [{ id: 'p-42', summary: 'Root cause of 42' }],
          },
        },
      });
      expect(problem.received).toHaveLength(1);
      for (const sent of [incident.received[0]!, problem.received[0]!]) {
        expect(sent.authorization).toBe(`Bearer ${token}`);
        expect(sent['x-correlation-id']).toBe('corr-entity');
      }
    });
  });

  describe('errors', () => {
    it('masks an unexpected subgraph error as INTERNAL_SERVER_ERROR with the correlation id, and logs it', async () => {
      const logged = jest.spyOn(logger, 'error');
      const { body } = await graphql('{ failing }', {
        authorization: `Bearer ${token}`,
        'x-correlation-id': 'corr-failing',
      });
      expect(body.errors).toEqual([
        {
          message: 'Internal server error',
          path: ['failing'],
          extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: 'corr-failing' },
        },
      ]);
      expect(JSON.stringify(body)).not.toContain('hunter2');
      expect(logged).toHaveBeenCalledWith(
        expect.objectContaining({ correlationId: 'corr-failing' }),
        expect.stringContaining('hunter2'),
      );
      logged.mockRestore();
    });

    it('passes a registered domain error code through with its message', async () => {
      const { body } = await graphql('{ missing }', { authorization: `Bearer ${token}` });
      expect(body.errors?.[0]).toMatchObject({
        message: 'Incident 404 does not exist',
        extensions: { code: 'NOT_FOUND' },
      });
      expect(body.errors?.[0]?.extensions).not.toHaveProperty('stacktrace');
    });

    it('reports an invalid query as GRAPHQL_VALIDATION_FAILED without calling a subgraph', async () => {
      const { status, body } = await graphql('{ nope }', { authorization: `Bearer ${token}` });
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(incident.received).toHaveLength(0);
    });
  });

  describe('HTTP limits', () => {
    it('refuses a body over MAX_BODY_BYTES with 413', async () => {
      const response = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: `{ incident(id: "${'x'.repeat(70 * 1024)}") { id } }` }),
      });
      expect(response.status).toBe(413);
    });

    it('answers malformed JSON with 400 BAD_REQUEST', async () => {
      const response = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{"query": ',
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    });

    it('blocks a simple (CSRF-able) request', async () => {
      const response = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ incident(id: "1") { id } }' }),
      });
      expect(response.status).toBe(400);
      expect(incident.received).toHaveLength(0);
    });
  });

  describe('operations endpoints', () => {
    it('answers /healthz', async () => {
      const response = await fetch(`${origin}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    });

    it('exposes request durations and errors by code on /metrics', async () => {
      await graphql('{ incident(id: "1") { id } }');
      await graphql('query Named { incident(id: "1") { id } }', { authorization: `Bearer ${token}` });
      const response = await fetch(`${origin}/metrics`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain('mim_graphql_request_duration_seconds_bucket');
      expect(text).toMatch(/mim_graphql_request_duration_seconds_count\{[^}]*operation="Named"[^}]*\} [1-9]/);
      expect(text).toMatch(/mim_graphql_errors_total\{[^}]*code="UNAUTHENTICATED"[^}]*\} [1-9]/);
    });

    // Last: stops a subgraph.
    it('stays ready (200, degraded) with one subgraph down, naming it, and answers its fields with SUBGRAPH_UNAVAILABLE', async () => {
      const ready = await fetch(`${origin}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ready',
        supergraphLoaded: true,
        subgraphs: { incident: 'up', problem: 'up' },
        down: [],
        checks: { events: 'up' },
      });

      await problem.stop();
      const degraded = await fetch(`${origin}/readyz`);
      expect(degraded.status).toBe(200);
      expect(await degraded.json()).toMatchObject({ status: 'degraded', down: ['problem'] });

      // `problems` is non-null, so its absence nulls the incident (GraphQL null propagation); the error
      // says which service is missing instead of a masked INTERNAL_SERVER_ERROR.
      const { body } = await graphql('{ incident(id: "5") { title problems { id } } }', {
        authorization: `Bearer ${token}`,
        'x-correlation-id': 'corr-down',
      });
      expect(body.data).toEqual({ incident: null });
      expect(body.errors).toEqual([
        {
          message: 'The problem service is unavailable; its fields are null.',
          path: ['incident', 'problems'],
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'problem' },
        },
      ]);

      // Fields of the subgraph that answers are unaffected.
      const other = await graphql('{ incident(id: "6") { title } }', { authorization: `Bearer ${token}` });
      expect(other.body).toEqual({ data: { incident: { title: 'Incident 6' } } });
    });
  });
});
