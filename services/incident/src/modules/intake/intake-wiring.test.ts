import { ConfigError } from '@mim/config';
import { readEnv } from '../../env';
import { intakeEnabled } from './intake-wiring';

const required = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/mim_incident',
  NATS_URL: 'nats://127.0.0.1:4222',
  AUTH_JWT_SECRET: 'x'.repeat(40),
};
const secret = (char: string) => char.repeat(32);

describe('intake configuration', () => {
  it('is off by default, auto-resolves, and limits bodies to 1 MiB and emails to 10 MiB', () => {
    const env = readEnv(required);
    expect(intakeEnabled(env)).toBe(false);
    expect(env).toMatchObject({
      INTAKE_BEARER_SECRETS: [],
      INTAKE_HMAC_SECRETS: [],
      INTAKE_AUTO_RESOLVE: true,
      INTAKE_MAX_BODY_BYTES: 1024 * 1024,
      INTAKE_EMAIL_MAX_BYTES: 10 * 1024 * 1024,
    });
  });

  it('reads comma-separated secrets (for rotation) and turns intake on with either kind', () => {
    const env = readEnv({
      ...required,
      INTAKE_BEARER_SECRETS: ` ${secret('a')} , ${secret('b')},`,
      INTAKE_AUTO_RESOLVE: 'false',
    });
    expect(env.INTAKE_BEARER_SECRETS).toEqual([secret('a'), secret('b')]);
    expect(env.INTAKE_AUTO_RESOLVE).toBe(false);
    expect(intakeEnabled(env)).toBe(true);
    expect(intakeEnabled(readEnv({ ...required, INTAKE_HMAC_SECRETS: secret('c') }))).toBe(true);
  });

  it('refuses a short secret without printing it, with every other problem', () => {
    let problems: string[] = [];
    try {
      readEnv({ ...required, INTAKE_HMAC_SECRETS: `${secret('a')},too-short`, INTAKE_MAX_BODY_BYTES: '10' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      'INTAKE_HMAC_SECRETS.1: each secret must be at least 32 characters',
      expect.stringMatching(/^INTAKE_MAX_BODY_BYTES: /),
    ]);
    expect(problems.join('\n')).not.toContain('too-short');
  });
});
