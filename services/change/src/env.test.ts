import { ConfigError } from '@mim/config';
import { readEnv } from './env';

const required = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/mim_change',
  NATS_URL: 'nats://127.0.0.1:4222',
  AUTH_JWT_SECRET: 'x'.repeat(40),
};

describe('change env', () => {
  it('defaults the number prefix to CHG and the CAB quorum to 2', () => {
    expect(readEnv(required)).toMatchObject({ CHANGE_NUMBER_PREFIX: 'CHG', CHANGE_CAB_QUORUM: 2 });
  });

  it('reads a CAB quorum from 1 to 20 and refuses anything else at start-up', () => {
    expect(readEnv({ ...required, CHANGE_CAB_QUORUM: '5' }).CHANGE_CAB_QUORUM).toBe(5);
    expect(readEnv({ ...required, CHANGE_CAB_QUORUM: '1' }).CHANGE_CAB_QUORUM).toBe(1);
    for (const value of ['0', '21', '2.5', 'two']) {
      expect(() => readEnv({ ...required, CHANGE_CAB_QUORUM: value })).toThrow(ConfigError);
    }
  });
});
