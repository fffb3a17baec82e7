import { signDevelopmentToken } from '@mim/auth';
import { createLogger } from '@mim/observability';
import { getIntrospectionQuery } from 'graphql';
import { createGateway, loadEnv, type Gateway } from '../src';
import { auth, composeSupergraph, postGraphQL, startSubgraph, type TestSubgraph } from './test-subgraph';

const incidentTypeDefs = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query {
    incident(id: ID!): Incident
    incidents(first: Int = 20, last: Int): [Incident!]!
    incidentsByIds(ids: [ID!]!): [Incident!]!
  }
  type Mutation {
    createIncident(title: String!): Incident!
  }
  type Incident @key(fields: "id") {
    id: ID!
    title: String!
    related(first: Int = 10): [Incident!]!
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
  }
`;

const incident = (id: string) => ({ id, title: `Incident ${id}` });
const incidents = (count: number) => Array.from({ length: count }, (_, index) => incident(String(index + 1)));

/** Incidents created through the gateway; a refused mutation must not add one. */
const created: string[] = [];

const incidentResolvers = {
  Query: {
    incident: (_source: unknown, { id }: { id: string }) => incident(id),
    incidents: (_source: unknown, { first, last }: { first?: number; last?: number }) =>
      incidents(Math.min(first ?? last ?? 20, 3)),
    incidentsByIds: (_source: unknown, { ids }: { ids: string[] }) => ids.slice(0, 2).map(incident),
  },
  Mutation: {
    createIncident: (_source: unknown, { title }: { title: string }) => {
      created.push(title);
      return { id: `c-${created.length}`, title };
    },
  },
  Incident: {
    __resolveReference: ({ id }: { id: string }) => incident(id),
    related: ({ id }: { id: string }) => [incident(`${id}.1`)],
  },
};

const problemResolvers = {
  Query: { problem: (_source: unknown, { id }: { id: string }) => ({ id, summary: `Problem ${id}` }) },
  Incident: {
    __resolveReference: ({ id }: { id: string }) => ({ id }),
    problems: ({ id }: { id: string }) => [{ id: `p-${id}`, summary: `Root cause of ${id}` }],
  },
};

const logger = createLogger({ service: 'gateway-test', level: 'silent' });

async function startGateway(
  subgraphs: TestSubgraph[],
  env: Record<string, string> = {},
): Promise<{ gateway: Gateway; url: string; origin: string }> {
  const gateway = createGateway({
    env: loadEnv({
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      AUTH_JWT_SECRET: auth.secret,
      ...env,
    }),
    logger,
    supergraphSdl: composeSupergraph(subgraphs),
    subgraphUrls: Object.fromEntries(subgraphs.map(({ name, url }) => [name, url])),
  });
  const { url } = await gateway.start();
  return { gateway, url, origin: new URL(url).origin };
}

const bearerFor = async (subject: string) => ({
  authorization: `Bearer ${await signDevelopmentToken({ subject, roles: ['major_incident_manager'] }, auth)}`,
});

/** `{ a { b { c ... } } }` with `levels` levels of `related`, ending in `id`: depth levels + 2. */
const nested = (levels: number) =>
  `{ incident(id: "1") { ${'related { '.repeat(levels)}id${' }'.repeat(levels)} } }`;

describe('operation limits through the gateway (defaults, real HTTP, real subgraphs)', () => {
  let incidentSubgraph: TestSubgraph;
  let problemSubgraph: TestSubgraph;
  let gateway: Gateway;
  let url: string;
  let origin: string;
  let bearer: Record<string, string>;

  beforeAll(async () => {
    incidentSubgraph = await startSubgraph('incident', incidentTypeDefs, incidentResolvers);
    problemSubgraph = await startSubgraph('problem', problemTypeDefs, problemResolvers);
    ({ gateway, url, origin } = await startGateway([incidentSubgraph, problemSubgraph]));
    bearer = await bearerFor('u-limits');
  });

  afterAll(async () => {
    await gateway?.stop();
    await incidentSubgraph?.stop();
    await problemSubgraph?.stop();
  });

  beforeEach(() => {
    incidentSubgraph.received.length = 0;
  });

  const post = (query: string, variables?: Record<string, unknown>) =>
    postGraphQL(url, { query, ...(variables ? { variables } : {}) }, bearer);

  /** The refusal: HTTP 400, exactly one error with the code, and no subgraph called. */
  async function expectRefused(query: string, code: string, variables?: Record<string, unknown>) {
    const { status, body } = await post(query, variables);
    expect({ status, codes: body.errors?.map((error) => error.extensions?.code) }).toEqual({
      status: 400,
      codes: [code],
    });
    expect(body.data).toBeUndefined();
    expect(incidentSubgraph.received).toHaveLength(0);
    return body.errors![0]!;
  }

  async function expectAnswered(query: string, variables?: Record<string, unknown>) {
    const { status, body } = await post(query, variables);
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    return body.data!;
  }

  describe('depth (MAX_QUERY_DEPTH = 12)', () => {
    it('answers a query 12 levels deep', async () => {
      const data = await expectAnswered(nested(10));
      expect(JSON.stringify(data)).toContain(`"id":"1${'.1'.repeat(10)}"`);
    });

    it('refuses 13 levels with QUERY_TOO_DEEP', async () => {
      const error = await expectRefused(nested(11), 'QUERY_TOO_DEEP');
      expect(error.message).toBe('Query depth limit of 12 exceeded, found 13.');
      expect(error.extensions).toEqual({ code: 'QUERY_TOO_DEEP', maximum: 12 });
    });

    it('counts depth through fragments', async () => {
      await expectRefused(
        `query { incident(id: "1") { ...Deep } }
         fragment Deep on Incident { ${'related { '.repeat(11)}id${' }'.repeat(11)} }`,
        'QUERY_TOO_DEEP',
      );
    });
  });

  describe('aliases (MAX_ALIASES = 15)', () => {
    const aliased = (count: number) =>
      `{ ${Array.from({ length: count }, (_, index) => `a${index}: incident(id: "${index}") { id }`).join(' ')} }`;

    it('answers 15 aliases', async () => {
      expect(Object.keys(await expectAnswered(aliased(15)))).toHaveLength(15);
    });

    it('refuses 16 with TOO_MANY_ALIASES', async () => {
      const error = await expectRefused(aliased(16), 'TOO_MANY_ALIASES');
      expect(error.extensions?.maximum).toBe(15);
    });
  });

  describe('cost (MAX_QUERY_COST = 50000)', () => {
    const heavy = `{ incidents(first: 100) { id related(first: 100) { id related(first: 100) { id } } } }`;

    it('answers a page of 100 with a few fields and a short nested list', async () => {
      const data = await expectAnswered(
        `{ incidents(first: 100) { id title related(first: 5) { id title } } }`,
      );
      expect(data.incidents).toHaveLength(3);
    });

    it('refuses nested pages of 100 with QUERY_TOO_COMPLEX', async () => {
      const error = await expectRefused(heavy, 'QUERY_TOO_COMPLEX');
      expect(error.message).toMatch(/^Query Cost limit of 50000 exceeded, found \d+\.$/);
    });

    it('counts page sizes given through variables', async () => {
      await expectRefused(
        `query($n: Int!) { incidents(first: $n) { id related(first: $n) { id related(first: $n) { id } } } }`,
        'QUERY_TOO_COMPLEX',
        { n: 100 },
      );
      await expectAnswered(
        `query($n: Int!) { incidents(first: $n) { id related(first: $n) { id related(first: $n) { id } } } }`,
        { n: 5 },
      );
    });
  });

  describe('tokens (MAX_QUERY_TOKENS = 2000)', () => {
    // `{ incidentsByIds ( ids : [` and `] ) { id } }`: 12 tokens around the ids.
    const withIds = (count: number) =>
      `{ incidentsByIds(ids: [${Array.from({ length: count }, (_, index) => `"${index}"`).join(' ')}]) { id } }`;

    it('answers a document of 2000 tokens', async () => {
      const data = await expectAnswered(withIds(1988));
      expect(data.incidentsByIds).toEqual([{ id: '0' }, { id: '1' }]);
    });

    it('refuses 2001 tokens with TOO_MANY_TOKENS, not GRAPHQL_PARSE_FAILED', async () => {
      const error = await expectRefused(withIds(1989), 'TOO_MANY_TOKENS');
      expect(error.message).toBe('Token limit of 2000 exceeded; the document was not parsed.');
      expect(error.extensions).toEqual({ code: 'TOO_MANY_TOKENS', maximum: 2000 });
    });

    it('still reports other syntax errors as GRAPHQL_PARSE_FAILED', async () => {
      await expectRefused('{ incident(id: "1") { id }', 'GRAPHQL_PARSE_FAILED');
    });
  });

  describe('directives (MAX_DIRECTIVES = 10)', () => {
    const withDirectives = (count: number) =>
      `{ incident(id: "1") { id ${'title @include(if: true) '.repeat(count)} } }`;

    it('answers 10 directives', async () => {
      await expectAnswered(withDirectives(10));
    });

    it('refuses 11 with TOO_MANY_DIRECTIVES', async () => {
      await expectRefused(withDirectives(11), 'TOO_MANY_DIRECTIVES');
    });
  });

  describe('page size (MAX_PAGE_SIZE = 100)', () => {
    it('answers first: 100', async () => {
      await expectAnswered(`{ incidents(first: 100) { id } }`);
    });

    it.each([
      ['first: 101 on a root field', `{ incidents(first: 101) { id } }`],
      ['last: 1000', `{ incidents(last: 1000) { id } }`],
      ['a nested field', `{ incident(id: "1") { related(first: 500) { id } } }`],
    ])('refuses %s with PAGE_SIZE_TOO_LARGE', async (_case, query) => {
      const error = await expectRefused(query, 'PAGE_SIZE_TOO_LARGE');
      expect(error.extensions?.maximum).toBe(100);
    });

    it('refuses a page size given through a variable, and answers one within the limit', async () => {
      const query = `query Page($n: Int) { incidents(first: $n) { id } }`;
      const error = await expectRefused(query, 'PAGE_SIZE_TOO_LARGE', { n: 101 });
      expect(error.extensions).toEqual({ code: 'PAGE_SIZE_TOO_LARGE', maximum: 100, variable: 'n' });
      expect(error.message).toBe('Page size limit of 100 exceeded: first: $n is 101.');
      await expectAnswered(query, { n: 100 });
    });

    it('refuses a variable default and a variable used in a fragment', async () => {
      await expectRefused(`query($n: Int = 250) { incidents(first: $n) { id } }`, 'PAGE_SIZE_TOO_LARGE');
      await expectRefused(
        `query($n: Int) { incident(id: "1") { ...Rel } } fragment Rel on Incident { related(first: $n) { id } }`,
        'PAGE_SIZE_TOO_LARGE',
        { n: 1000 },
      );
    });
  });

  it('counts refusals by limit on /metrics', async () => {
    const metric = async (limit: string) => {
      const text = await (await fetch(`${origin}/metrics`)).text();
      const line = new RegExp(`mim_operation_limit_rejections_total\\{[^}]*limit="${limit}"[^}]*\\} (\\d+)`);
      return Number(line.exec(text)?.[1] ?? 0);
    };
    const abuses: [string, string][] = [
      ['depth', nested(11)],
      ['aliases', `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: incident(id: "1") { id }`).join(' ')} }`],
      ['cost', `{ incidents(first: 100) { related(first: 100) { related(first: 100) { id } } } }`],
      ['tokens', `{ incidentsByIds(ids: [${'"1" '.repeat(2000)}]) { id } }`],
      ['directives', `{ incident(id: "1") { ${'id @skip(if: false) '.repeat(11)} } }`],
      ['page_size', `{ incidents(first: 101) { id } }`],
    ];
    for (const [limit, query] of abuses) {
      const before = await metric(limit);
      expect((await post(query)).status).toBe(400);
      expect({ limit, count: await metric(limit) }).toEqual({ limit, count: before + 1 });
    }
    const text = await (await fetch(`${origin}/metrics`)).text();
    expect(text).toMatch(/mim_graphql_errors_total\{[^}]*code="QUERY_TOO_DEEP"[^}]*\} [1-9]/);
    expect(text).toMatch(/mim_graphql_errors_total\{[^}]*code="TOO_MANY_TOKENS"[^}]*\} [1-9]/);
  });
});

describe('mutation rate limit (3 per 60 s for the test)', () => {
  let incidentSubgraph: TestSubgraph;
  let gateway: Gateway;
  let url: string;
  let origin: string;

  beforeAll(async () => {
    incidentSubgraph = await startSubgraph('incident', incidentTypeDefs, incidentResolvers);
    ({ gateway, url, origin } = await startGateway([incidentSubgraph], {
      MUTATION_RATE_LIMIT_POINTS: '3',
      MUTATION_RATE_LIMIT_WINDOW_SECONDS: '60',
    }));
  });

  afterAll(async () => {
    await gateway?.stop();
    await incidentSubgraph?.stop();
  });

  const create = (headers: Record<string, string>, title: string) =>
    postGraphQL(
      url,
      {
        query: `mutation($title: String!) { createIncident(title: $title) { id title } }`,
        variables: { title },
      },
      headers,
    );

  it('refuses the 4th mutation of an identity with 429 RATE_LIMITED, before it reaches the subgraph', async () => {
    const alice = await bearerFor('alice-rate');
    for (const title of ['one', 'two', 'three']) {
      const { status, body } = await create(alice, `alice ${title}`);
      expect(body.errors).toBeUndefined();
      expect(status).toBe(200);
    }
    const createdBefore = created.length;
    const callsBefore = incidentSubgraph.received.length;

    const refused = await create(alice, 'alice four');
    expect(refused.status).toBe(429);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors).toHaveLength(1);
    const error = refused.body.errors![0]!;
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', maximum: 3, windowSeconds: 60 });
    const retryAfter = error.extensions!.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('retry-after')).toBe(String(retryAfter));
    expect(error.message).toBe(`Rate limit of 3 mutations per 60 s reached; retry in ${retryAfter} s.`);
    // Nothing changed: the subgraph was not called, no incident was created.
    expect(incidentSubgraph.received.length).toBe(callsBefore);
    expect(created.length).toBe(createdBefore);

    // Queries of the same identity are not limited.
    const query = await postGraphQL(url, { query: '{ incident(id: "1") { id } }' }, alice);
    expect(query.status).toBe(200);
    expect(query.body.errors).toBeUndefined();

    // Another identity has its own allowance.
    const bob = await create(await bearerFor('bob-rate'), 'bob one');
    expect(bob.status).toBe(200);
    expect(bob.body.errors).toBeUndefined();

    const metrics = await (await fetch(`${origin}/metrics`)).text();
    expect(metrics).toMatch(/mim_rate_limited_mutations_total\{[^}]*\} 1\n/);
    expect(metrics).toMatch(/mim_operation_limit_rejections_total\{[^}]*limit="mutation_rate"[^}]*\} 1\n/);
    expect(metrics).toMatch(/mim_graphql_errors_total\{[^}]*code="RATE_LIMITED"[^}]*\} 1\n/);
  });

  it('counts each root field of a mutation operation', async () => {
    const carol = await bearerFor('carol-rate');
    const twice = `mutation { a: createIncident(title: "c1") { id } b: createIncident(title: "c2") { id } }`;
    expect((await postGraphQL(url, { query: twice }, carol)).status).toBe(200);
    const createdBefore = created.length;
    const refused = await postGraphQL(url, { query: twice }, carol);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // Neither field ran: an operation is refused whole.
    expect(created.length).toBe(createdBefore);
  });
});

describe.each([
  ['production', false],
  ['development', true],
])('schema details in %s mode', (nodeEnv, shown) => {
  let incidentSubgraph: TestSubgraph;
  let gateway: Gateway;
  let url: string;

  beforeAll(async () => {
    incidentSubgraph = await startSubgraph('incident', incidentTypeDefs, incidentResolvers);
    ({ gateway, url } = await startGateway([incidentSubgraph], { NODE_ENV: nodeEnv }));
  });

  afterAll(async () => {
    await gateway?.stop();
    await incidentSubgraph?.stop();
  });

  it(`${shown ? 'answers' : 'refuses'} introspection`, async () => {
    const { status, body } = await postGraphQL(
      url,
      { query: getIntrospectionQuery() },
      await bearerFor('u-introspection'),
    );
    if (shown) {
      expect(body.errors).toBeUndefined();
      expect(body.data).toHaveProperty('__schema.queryType.name', 'Query');
    } else {
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(body.errors?.[0]?.message).toMatch(/introspection/i);
      expect(body.data).toBeUndefined();
    }
  });

  it(`${shown ? 'suggests' : 'does not suggest'} field names in validation errors`, async () => {
    const { status, body } = await postGraphQL(
      url,
      { query: '{ incidnt(id: "1") { id } }' },
      await bearerFor('u-suggestions'),
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0]?.message).toBe(
      shown
        ? 'Cannot query field "incidnt" on type "Query". Did you mean "incident" or "incidents"?'
        : 'Cannot query field "incidnt" on type "Query".',
    );
  });
});
