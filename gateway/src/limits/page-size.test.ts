import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { createOperationLimits } from '.';
import { pageSizeRule } from './page-size';

const schema = buildSchema(/* GraphQL */ `
  type Query {
    incidents(first: Int, last: Int, after: String): [Incident!]!
    incident(id: ID!): Incident
  }
  type Incident {
    id: ID!
    timeline(first: Int): [Entry!]!
  }
  type Entry {
    kind: String!
  }
`);

describe('pageSizeRule (literal first/last)', () => {
  const refusals: string[] = [];
  const errorsOf = (query: string) =>
    validate(schema, parse(query), [...specifiedRules, pageSizeRule(100, (limit) => refusals.push(limit))]);

  beforeEach(() => {
    refusals.length = 0;
  });

  it('accepts page sizes up to the maximum, and arguments it does not govern', () => {
    expect(errorsOf(`{ incidents(first: 100, after: "c") { id timeline(first: 1) { kind } } }`)).toEqual([]);
    expect(errorsOf(`{ incidents(last: 0) { id } }`)).toEqual([]);
    expect(refusals).toEqual([]);
  });

  it('refuses each first/last above the maximum with PAGE_SIZE_TOO_LARGE, wherever it is', () => {
    const errors = errorsOf(`
      query { incidents(first: 101) { id ...T } }
      fragment T on Incident { timeline(first: 5000) { kind } }
    `);
    expect(errors.map((error) => [error.message, error.extensions])).toEqual([
      ['Page size limit of 100 exceeded: first: 101.', { code: 'PAGE_SIZE_TOO_LARGE', maximum: 100 }],
      ['Page size limit of 100 exceeded: first: 5000.', { code: 'PAGE_SIZE_TOO_LARGE', maximum: 100 }],
    ]);
    expect(errors[0]?.locations).toEqual([{ line: 2, column: 25 }]);
    expect(refusals).toEqual(['page_size', 'page_size']);
  });

  it('leaves variables to checkVariables', () => {
    expect(errorsOf(`query($n: Int) { incidents(first: $n) { id } }`)).toEqual([]);
  });
});

describe('checkVariables (page size through variables)', () => {
  const refusals: string[] = [];
  const limits = createOperationLimits(
    {
      NODE_ENV: 'test',
      MAX_QUERY_DEPTH: 12,
      MAX_ALIASES: 15,
      MAX_QUERY_COST: 50_000,
      MAX_QUERY_TOKENS: 2000,
      MAX_DIRECTIVES: 10,
      MAX_PAGE_SIZE: 100,
      MUTATION_RATE_LIMIT_POINTS: 10,
      MUTATION_RATE_LIMIT_WINDOW_SECONDS: 60,
    },
    { onReject: (limit) => refusals.push(limit) },
  );
  const check = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
    limits.checkVariables(parse(query), operationName, variables);

  beforeEach(() => {
    refusals.length = 0;
  });

  it('accepts values up to the maximum, absent values and values coercion will refuse anyway', () => {
    const query = `query($n: Int, $m: Int) { incidents(first: $n, last: $m) { id } }`;
    expect(check(query, { n: 100, m: 1 })).toBeNull();
    expect(check(query, {})).toBeNull();
    expect(check(query, undefined)).toBeNull();
    expect(check(query, { n: '500', m: 100.5 })).toBeNull();
    expect(refusals).toEqual([]);
  });

  it('refuses a value above the maximum, naming the variable', () => {
    const error = check(`query($n: Int) { incidents(last: $n) { id } }`, { n: 101 });
    expect(error?.message).toBe('Page size limit of 100 exceeded: last: $n is 101.');
    expect(error?.extensions).toEqual({ code: 'PAGE_SIZE_TOO_LARGE', maximum: 100, variable: 'n' });
    expect(refusals).toEqual(['page_size']);
  });

  it('uses the default when the variable is not sent, and the sent value over the default', () => {
    const query = `query($n: Int = 500) { incidents(first: $n) { id } }`;
    expect(check(query, {})?.extensions?.code).toBe('PAGE_SIZE_TOO_LARGE');
    expect(check(query, { n: 10 })).toBeNull();
  });

  it('follows fragments and checks only the operation that runs', () => {
    const document = `
      query Small($n: Int) { incident(id: "1") { ...T } }
      query Big($n: Int) { incidents(first: $n) { id } }
      fragment T on Incident { timeline(first: $n) { kind } }
    `;
    expect(check(document, { n: 1000 }, 'Small')?.extensions?.code).toBe('PAGE_SIZE_TOO_LARGE');
    expect(
      check(
        `query A { incidents { id } } query B($n: Int) { incidents(first: $n) { id } }`,
        { n: 1000 },
        'A',
      ),
    ).toBeNull();
  });

  it('refuses the cost the page sizes imply with QUERY_TOO_COMPLEX', () => {
    const query = `query($n: Int, $m: Int) { incidents(first: $n) { id timeline(first: $m) { kind } } }`;
    // (2 + 1 + (2 + 1) x m) x n (costWeights): 30,300 for 100 x 100.
    expect(check(query, { n: 100, m: 100 })).toBeNull();
    const deep = `query($n: Int) { incidents(first: $n) { id ...T } } fragment T on Incident { timeline(first: $n) { kind } }`;
    expect(check(deep, { n: 100 })).toBeNull();
    const heavier = `query($n: Int) { a: incidents(first: $n) { timeline(first: $n) { kind } } b: incidents(first: $n) { timeline(first: $n) { kind } } }`;
    const error = check(heavier, { n: 100 });
    expect(error?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', maximum: 50_000 });
    expect(error?.message).toBe('Query Cost limit of 50000 exceeded, found 60400.');
    expect(refusals).toEqual(['cost']);
  });
});
