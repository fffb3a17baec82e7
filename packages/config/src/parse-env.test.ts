import { z } from 'zod';
import { ConfigError, parseEnv } from './parse-env';
import { authEnv, databaseEnv, natsEnv } from './env-fragments';

describe('parseEnv', () => {
  const schema = databaseEnv.extend(natsEnv.shape);

  it('lists every problem at once', () => {
    const attempt = () => parseEnv(schema, { DATABASE_URL: 'mysql://x', EVENTS_MAX_DELIVER: '0' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('DATABASE_URL');
      expect(problems).toContain('NATS_URL');
      expect(problems).toContain('EVENTS_MAX_DELIVER');
    }
  });

  it('applies defaults and transforms', () => {
    const env = parseEnv(schema, {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/mim_incident',
      NATS_URL: 'nats://a:4222, nats://b:4222',
      DATABASE_MIGRATE_ON_START: 'false',
    });
    expect(env.NATS_URL).toEqual(['nats://a:4222', 'nats://b:4222']);
    expect(env.DATABASE_MIGRATE_ON_START).toBe(false);
    expect(env.EVENTS_RETRY_DELAYS_MS).toEqual([1000, 5000, 30000, 120000]);
  });

  it('requires one way to verify tokens', () => {
    expect(() => parseEnv(authEnv, {})).toThrow(/AUTH_JWT_SECRET or AUTH_JWKS_URL/);
    expect(() => parseEnv(authEnv, { AUTH_JWT_SECRET: 'short' })).toThrow(/32 characters/);
    expect(parseEnv(z.object({}).and(authEnv), { AUTH_JWT_SECRET: 'x'.repeat(32) }).AUTH_AUDIENCE).toBe(
      'mim-api',
    );
  });
});
