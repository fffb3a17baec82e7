import { ConfigError } from '@mim/config';
import { readEnv } from './env';

const required = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/mim_notification',
  NATS_URL: 'nats://127.0.0.1:4222',
  AUTH_JWT_SECRET: 'x'.repeat(40),
};

describe('notification env', () => {
  it('handles 4 events at once per consumer unless told otherwise, from 1 to 64', () => {
    expect(readEnv(required).NOTIFICATION_CONSUMER_CONCURRENCY).toBe(4);
    expect(
      readEnv({ ...required, NOTIFICATION_CONSUMER_CONCURRENCY: '1' }).NOTIFICATION_CONSUMER_CONCURRENCY,
    ).toBe(1);
    expect(
      readEnv({ ...required, NOTIFICATION_CONSUMER_CONCURRENCY: '64' }).NOTIFICATION_CONSUMER_CONCURRENCY,
    ).toBe(64);
    for (const value of ['0', '65', '2.5', 'four']) {
      expect(() => readEnv({ ...required, NOTIFICATION_CONSUMER_CONCURRENCY: value })).toThrow(ConfigError);
    }
  });
});
