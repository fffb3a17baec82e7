import { buildSchema, GraphQLError, parse, specifiedRules, validate } from 'graphql';
import { createOperationLimits, limitErrorOf, parseWithLimits, type LimitName } from '.';
import { loadEnv } from '../env';

const schema = buildSchema(/* GraphQL */ `
  type Query {
    incident(id: ID!): Incident
    incidents(first: Int): [Incident!]!
  }
  type Incident {
    id: ID!
    title: String!
    related(first: Int): [Incident!]!
  }
`);

function limitsWith(env: Record<string, string> = {}) {
  const refusals: LimitName[] = [];
  const limits = createOperationLimits(loadEnv({ AUTH_JWT_SECRET: 's'.repeat(32), ...env }), {
    onReject: (limit) => refusals.push(limit),
  });
  return { limits, refusals };
}

describe('createOperationLimits', () => {
  it('takes its figures from the environment', () => {
    const { limits } = limitsWith({ MAX_QUERY_TOKENS: '500' });
    expect(limits.parseOptions).toEqual({ maxTokens: 500 });
    expect(limits.validationRules).toHaveLength(5);
    expect(limits.plugins).toHaveLength(2);
    expect(limitsWith({ NODE_ENV: 'production' }).limits.hideSchemaDetails).toBe(true);
    expect(limitsWith({ NODE_ENV: 'development' }).limits.hideSchemaDetails).toBe(false);
  });

  it('reports coded errors from plain graphql-js validate() (no Apollo needed), all at once', () => {
    const { limits, refusals } = limitsWith({ MAX_QUERY_DEPTH: '3', MAX_ALIASES: '1', MAX_DIRECTIVES: '1' });
    const document = parse(`{
      a: incident(id: "1") { related { related { id @skip(if: false) title @include(if: true) } } }
      b: incidents(first: 101) { id }
    }`);
    const errors = validate(schema, document, [...specifiedRules, ...limits.validationRules]);
    expect(errors.map((error) => error.extensions.code).sort()).toEqual([
      'PAGE_SIZE_TOO_LARGE',
      'QUERY_TOO_DEEP',
      'TOO_MANY_ALIASES',
      'TOO_MANY_DIRECTIVES',
    ]);
    expect(errors.find((error) => error.extensions.code === 'QUERY_TOO_DEEP')?.message).toBe(
      'Query depth limit of 3 exceeded, found 4.',
    );
    expect(refusals.sort()).toEqual(['aliases', 'depth', 'directives', 'page_size']);
  });

  it('accepts an ordinary operation without a word', () => {
    const { limits, refusals } = limitsWith();
    const document = parse(`query($n: Int) { incidents(first: $n) { id title related(first: 10) { id } } }`);
    expect(validate(schema, document, [...specifiedRules, ...limits.validationRules])).toEqual([]);
    expect(limits.checkVariables(document, undefined, { n: 50 })).toBeNull();
    expect(refusals).toEqual([]);
  });
});

describe('parseWithLimits', () => {
  it('parses a document within the token limit', () => {
    const { limits } = limitsWith({ MAX_QUERY_TOKENS: '11' });
    // { incident ( id : "1" ) { id } } is 11 tokens.
    const parsed = parseWithLimits('{ incident(id: "1") { id } }', limits);
    expect(Array.isArray(parsed)).toBe(false);
  });

  it('answers TOO_MANY_TOKENS past the limit, and counts it', () => {
    const { limits, refusals } = limitsWith({ MAX_QUERY_TOKENS: '11' });
    const parsed = parseWithLimits('{ incident(id: "1") { id title } }', limits);
    expect(parsed).toEqual([expect.any(GraphQLError)]);
    const [error] = parsed as GraphQLError[];
    expect(error?.message).toBe('Token limit of 11 exceeded; the document was not parsed.');
    expect(error?.extensions).toEqual({ code: 'TOO_MANY_TOKENS', maximum: 11 });
    expect(refusals).toEqual(['tokens']);
  });

  it('passes other syntax errors through uncounted', () => {
    const { limits, refusals } = limitsWith();
    const parsed = parseWithLimits('{ incident(id: "1") { id }', limits);
    expect((parsed as GraphQLError[])[0]?.message).toMatch(/^Syntax Error: Expected Name, found <EOF>/);
    expect(refusals).toEqual([]);
  });
});

describe('limitErrorOf (what formatError shows for an error Apollo re-coded)', () => {
  const wrapped = (original: GraphQLError, code: string) =>
    new GraphQLError(original.message, { originalError: original, extensions: { code } });

  it('finds a limit refusal behind GRAPHQL_VALIDATION_FAILED', () => {
    const refusal = new GraphQLError('Query depth limit of 12 exceeded, found 13.', {
      extensions: { code: 'QUERY_TOO_DEEP', maximum: 12 },
    });
    expect(limitErrorOf(wrapped(refusal, 'GRAPHQL_VALIDATION_FAILED'))).toBe(refusal);
  });

  it("turns graphql-js's token overflow behind GRAPHQL_PARSE_FAILED into TOO_MANY_TOKENS", () => {
    const overflow = new GraphQLError(
      'Syntax Error: Document contains more that 2000 tokens. Parsing aborted.',
    );
    expect(limitErrorOf(wrapped(overflow, 'GRAPHQL_PARSE_FAILED'))?.extensions).toEqual({
      code: 'TOO_MANY_TOKENS',
      maximum: 2000,
    });
  });

  it('finds nothing in other errors', () => {
    expect(
      limitErrorOf(wrapped(new GraphQLError('Cannot query field "x"'), 'GRAPHQL_VALIDATION_FAILED')),
    ).toBeNull();
    expect(limitErrorOf(new Error('boom'))).toBeNull();
    expect(limitErrorOf(undefined)).toBeNull();
  });
});

describe('mutationRateLimiter', () => {
  it('allows the allowance per identity, then answers RATE_LIMITED with the seconds to wait', async () => {
    const { limits, refusals } = limitsWith({
      MUTATION_RATE_LIMIT_POINTS: '2',
      MUTATION_RATE_LIMIT_WINDOW_SECONDS: '30',
    });
    expect(await limits.mutationRateLimiter.consume('alice')).toBeNull();
    expect(await limits.mutationRateLimiter.consume('alice')).toBeNull();
    const refused = await limits.mutationRateLimiter.consume('alice');
    expect(refused?.extensions).toEqual({
      code: 'RATE_LIMITED',
      maximum: 2,
      windowSeconds: 30,
      retryAfterSeconds: expect.any(Number),
    });
    expect(refused?.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(29);
    expect(refused?.extensions.retryAfterSeconds).toBeLessThanOrEqual(30);
    expect(await limits.mutationRateLimiter.consume('bob', 2)).toBeNull();
    expect(await limits.mutationRateLimiter.consume('carol', 3)).not.toBeNull();
    expect(refusals).toEqual(['mutation_rate', 'mutation_rate']);
  });
});
