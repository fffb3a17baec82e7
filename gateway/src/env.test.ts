import { ConfigError } from '@mim/config';
import { loadEnv } from './env';

const required = { AUTH_JWT_SECRET: 's'.repeat(32) };

describe('gateway env: operation limits', () => {
  it('has safe defaults', () => {
    expect(loadEnv(required)).toMatchObject({
      MAX_QUERY_DEPTH: 12,
      MAX_ALIASES: 15,
      MAX_QUERY_COST: 50_000,
      MAX_QUERY_TOKENS: 2000,
      MAX_DIRECTIVES: 10,
      MAX_PAGE_SIZE: 100,
      MUTATION_RATE_LIMIT_POINTS: 120,
      MUTATION_RATE_LIMIT_WINDOW_SECONDS: 60,
      MAX_BODY_BYTES: 1024 * 1024,
    });
  });

  it('reads overrides as numbers', () => {
    expect(
      loadEnv({
        ...required,
        MAX_QUERY_DEPTH: '20',
        MAX_PAGE_SIZE: '50',
        MUTATION_RATE_LIMIT_POINTS: '1000000',
        MUTATION_RATE_LIMIT_WINDOW_SECONDS: '1',
      }),
    ).toMatchObject({
      MAX_QUERY_DEPTH: 20,
      MAX_PAGE_SIZE: 50,
      MUTATION_RATE_LIMIT_POINTS: 1_000_000,
      MUTATION_RATE_LIMIT_WINDOW_SECONDS: 1,
    });
  });

  it('lists every invalid limit at once', () => {
    let error: unknown;
    try {
      loadEnv({
        ...required,
        MAX_QUERY_DEPTH: '0',
        MAX_ALIASES: 'many',
        MAX_QUERY_COST: '1.5',
        MUTATION_RATE_LIMIT_POINTS: '-1',
        MUTATION_RATE_LIMIT_WINDOW_SECONDS: '100000',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((problem) => problem.split(':')[0]);
    expect(problems.sort()).toEqual([
      'MAX_ALIASES',
      'MAX_QUERY_COST',
      'MAX_QUERY_DEPTH',
      'MUTATION_RATE_LIMIT_POINTS',
      'MUTATION_RATE_LIMIT_WINDOW_SECONDS',
    ]);
  });

  it('keeps the subscription settings', () => {
    expect(loadEnv(required)).toMatchObject({
      WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: 25,
      WS_MAX_CONNECTIONS_PER_IDENTITY: 50,
      SUBSCRIPTION_BUFFER_SIZE: 256,
    });
  });
});
