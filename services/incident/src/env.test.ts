import { ConfigError } from '@mim/config';
import { readEnv } from './env';
import { defaultPriorityMatrix } from './modules/incident/priority';

const required = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/mim_incident',
  NATS_URL: 'nats://127.0.0.1:4222',
  AUTH_JWT_SECRET: 'x'.repeat(40),
};

describe('incident env', () => {
  it('defaults the matrix, the reopen window (72 h) and the backdating limit (30 days)', () => {
    const env = readEnv(required);
    expect(env.INCIDENT_PRIORITY_MATRIX).toEqual(defaultPriorityMatrix);
    expect(env.INCIDENT_REOPEN_WINDOW_HOURS).toBe(72);
    expect(env.INCIDENT_MAX_BACKDATE_DAYS).toBe(30);
  });

  it('requires an implemented change to resolve a major incident unless switched off', () => {
    expect(readEnv(required).MAJOR_INCIDENT_RESOLUTION_REQUIRES_CHANGE).toBe(true);
    expect(readEnv({ ...required, MAJOR_INCIDENT_RESOLUTION_REQUIRES_CHANGE: 'false' })).toMatchObject({
      MAJOR_INCIDENT_RESOLUTION_REQUIRES_CHANGE: false,
    });
    expect(() => readEnv({ ...required, MAJOR_INCIDENT_RESOLUTION_REQUIRES_CHANGE: 'maybe' })).toThrow(
      ConfigError,
    );
  });

  it('reads a matrix given as JSON and a reopen window in hours', () => {
    const matrix = {
      ...defaultPriorityMatrix,
      MINOR: { CRITICAL: 'P3', HIGH: 'P4', MEDIUM: 'P5', LOW: 'P5' },
    };
    const env = readEnv({
      ...required,
      INCIDENT_PRIORITY_MATRIX: JSON.stringify(matrix),
      INCIDENT_REOPEN_WINDOW_HOURS: '24',
    });
    expect(env.INCIDENT_PRIORITY_MATRIX.MINOR.CRITICAL).toBe('P3');
    expect(env.INCIDENT_REOPEN_WINDOW_HOURS).toBe(24);
  });

  it('lists every problem at once: a matrix that is not JSON, an incomplete one, a negative window', () => {
    const problems = (source: Record<string, string>) => {
      try {
        readEnv({ ...required, ...source });
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ INCIDENT_PRIORITY_MATRIX: '{not json', INCIDENT_REOPEN_WINDOW_HOURS: '-1' })).toEqual([
      'INCIDENT_PRIORITY_MATRIX: must be a JSON document',
      expect.stringMatching(/^INCIDENT_REOPEN_WINDOW_HOURS: /),
    ]);
    expect(
      problems({ INCIDENT_PRIORITY_MATRIX: JSON.stringify({ EXTENSIVE: defaultPriorityMatrix.EXTENSIVE }) }),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^INCIDENT_PRIORITY_MATRIX\.SIGNIFICANT: /)]));
  });
});
