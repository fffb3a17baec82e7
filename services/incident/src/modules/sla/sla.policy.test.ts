import { ConfigError, parseEnv } from '@mim/config';
import { z } from 'zod';
import {
  defaultSlaPolicies,
  mergeSlaPolicies,
  slaConfigFromEnv,
  slaEnvShape,
  slaPolicyOverridesSchema,
  slaTargetsFor,
} from './sla.policy';

const schema = z.object(slaEnvShape);
const read = (source: Record<string, string | undefined>) => slaConfigFromEnv(parseEnv(schema, source));
const problemsOf = (source: Record<string, string>) => {
  try {
    read(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a configuration error');
};

describe('default SLA policies', () => {
  it('follow DOMAIN.md: ordinary tickets answered within 1 to 3 h and resolved within 24 h', () => {
    for (const priority of ['P3', 'P4', 'P5'] as const) {
      const { firstResponseMinutes, resolutionMinutes } = defaultSlaPolicies[priority];
      expect(firstResponseMinutes).toBeGreaterThanOrEqual(60);
      expect(firstResponseMinutes).toBeLessThanOrEqual(180);
      expect(resolutionMinutes).toBe(24 * 60);
    }
  });

  it('are tighter for P1 and P2, and never looser for a higher priority', () => {
    const order = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
    for (let i = 1; i < order.length; i += 1) {
      const higher = defaultSlaPolicies[order[i - 1] ?? 'P1'];
      const lower = defaultSlaPolicies[order[i] ?? 'P5'];
      expect(higher.firstResponseMinutes).toBeLessThanOrEqual(lower.firstResponseMinutes);
      expect(higher.resolutionMinutes).toBeLessThanOrEqual(lower.resolutionMinutes);
    }
    expect(defaultSlaPolicies.P1.firstResponseMinutes).toBeLessThan(60);
    expect(defaultSlaPolicies.P2.resolutionMinutes).toBeLessThan(24 * 60);
  });

  it('give their targets in milliseconds', () => {
    expect(slaTargetsFor('P2')).toEqual({ firstResponseMs: 30 * 60_000, resolutionMs: 8 * 3600_000 });
  });
});

describe('INCIDENT_SLA_POLICIES and INCIDENT_SLA_AT_RISK_PERCENT', () => {
  it('default to the policy table and 20 % when unset or blank', () => {
    expect(read({})).toEqual({ policies: defaultSlaPolicies, atRiskRatio: 0.2 });
    expect(read({ INCIDENT_SLA_POLICIES: '  ' }).policies).toEqual(defaultSlaPolicies);
  });

  it('merge overrides over the defaults, field by field', () => {
    const config = read({
      INCIDENT_SLA_POLICIES: '{"P1": {"firstResponseMinutes": 10}, "P5": {"resolutionMinutes": 4320}}',
      INCIDENT_SLA_AT_RISK_PERCENT: '25',
    });
    expect(config.policies.P1).toEqual({ firstResponseMinutes: 10, resolutionMinutes: 240 });
    expect(config.policies.P5).toEqual({ firstResponseMinutes: 180, resolutionMinutes: 4320 });
    expect(config.policies.P3).toEqual(defaultSlaPolicies.P3);
    expect(config.atRiskRatio).toBe(0.25);
  });

  it('list every problem: bad JSON, unknown priority or field, bad numbers, first response after resolution', () => {
    expect(problemsOf({ INCIDENT_SLA_POLICIES: '{P1:' })).toEqual([
      'INCIDENT_SLA_POLICIES: must be a JSON document',
    ]);
    expect(
      problemsOf({
        INCIDENT_SLA_POLICIES:
          '{"P6": {}, "P1": {"firstResponseMinutes": 0, "responseMinutes": 5}, "P2": {"resolutionMinutes": 7.5}}',
        INCIDENT_SLA_AT_RISK_PERCENT: '120',
      }),
    ).toEqual([
      'INCIDENT_SLA_POLICIES.P1.firstResponseMinutes: Too small: expected number to be >0',
      'INCIDENT_SLA_POLICIES.P1: Unrecognized key: "responseMinutes"',
      'INCIDENT_SLA_POLICIES.P2.resolutionMinutes: Invalid input: expected int, received number',
      'INCIDENT_SLA_POLICIES: Unrecognized key: "P6"',
      'INCIDENT_SLA_AT_RISK_PERCENT: Too big: expected number to be <=100',
    ]);
    expect(problemsOf({ INCIDENT_SLA_POLICIES: '{"P4": {"resolutionMinutes": 60}}' })).toEqual([
      'INCIDENT_SLA_POLICIES.P4: first response (120 min) must not be due after resolution (60 min)',
    ]);
  });

  it('can be used with any JSON source through the overrides schema', () => {
    expect(slaPolicyOverridesSchema.parse({})).toEqual(defaultSlaPolicies);
    expect(
      mergeSlaPolicies(defaultSlaPolicies, { P2: { resolutionMinutes: 600 } }).P2.resolutionMinutes,
    ).toBe(600);
  });
});

describe('targets given in seconds', () => {
  it('are accepted for targets shorter than a minute and kept exactly in milliseconds', () => {
    const config = read({
      INCIDENT_SLA_POLICIES: '{"P4": {"firstResponseSeconds": 2, "resolutionSeconds": 4}}',
    });
    expect(slaTargetsFor('P4', config.policies)).toEqual({ firstResponseMs: 2000, resolutionMs: 4000 });
    expect(config.policies.P3).toEqual(defaultSlaPolicies.P3);
  });

  it('are refused beside minutes for the same target, and checked against the resolution like minutes', () => {
    expect(
      problemsOf({
        INCIDENT_SLA_POLICIES: '{"P1": {"firstResponseMinutes": 1, "firstResponseSeconds": 30}}',
      }),
    ).toEqual([
      'INCIDENT_SLA_POLICIES.P1.firstResponseSeconds: give firstResponseMinutes or firstResponseSeconds, not both',
    ]);
    expect(
      problemsOf({ INCIDENT_SLA_POLICIES: '{"P5": {"firstResponseSeconds": 50, "resolutionSeconds": 40}}' }),
    ).toEqual(['INCIDENT_SLA_POLICIES.P5: first response (50 s) must not be due after resolution (40 s)']);
  });
});
