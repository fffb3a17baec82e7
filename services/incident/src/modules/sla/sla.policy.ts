import { type Priority, prioritySchema } from '@mim/contracts';
import { z } from 'zod';

/**
 * The two targets a priority promises, in minutes of the 24/7 clock (a fraction of a minute when the
 * policy gave the target in seconds).
 */
export interface SlaTargets {
  /** From the report to the first response (acknowledgement by the service desk). */
  firstResponseMinutes: number;
  /** From the report to resolution, time on hold not counted. */
  resolutionMinutes: number;
}

export type SlaPolicies = Record<Priority, SlaTargets>;

/**
 * Defaults from DOMAIN.md: ordinary tickets get a first response within 1 to 3 hours and are resolved
 * within 24 hours; P1 and P2 (the incidents that hurt many users now) get much tighter targets.
 *
 * | priority | first response | resolution |
 * |----------|----------------|------------|
 * | P1       | 15 min         | 4 h        |
 * | P2       | 30 min         | 8 h        |
 * | P3       | 1 h            | 24 h       |
 * | P4       | 2 h            | 24 h       |
 * | P5       | 3 h            | 24 h       |
 *
 * The sources name no business calendar, so the clock runs around the clock; override per installation
 * with INCIDENT_SLA_POLICIES.
 */
export const defaultSlaPolicies: SlaPolicies = {
  P1: { firstResponseMinutes: 15, resolutionMinutes: 4 * 60 },
  P2: { firstResponseMinutes: 30, resolutionMinutes: 8 * 60 },
  P3: { firstResponseMinutes: 60, resolutionMinutes: 24 * 60 },
  P4: { firstResponseMinutes: 2 * 60, resolutionMinutes: 24 * 60 },
  P5: { firstResponseMinutes: 3 * 60, resolutionMinutes: 24 * 60 },
};

/** A clock is AT_RISK once this share of its target or less is left (20 % by default). */
export const defaultAtRiskRatio = 0.2;

export interface SlaConfig {
  policies: SlaPolicies;
  atRiskRatio: number;
}

export const defaultSlaConfig: SlaConfig = { policies: defaultSlaPolicies, atRiskRatio: defaultAtRiskRatio };

/** The targets of a priority in milliseconds, as an SLA clock stores them. */
export function slaTargetsFor(
  priority: Priority,
  policies: SlaPolicies = defaultSlaPolicies,
): { firstResponseMs: number; resolutionMs: number } {
  const targets = policies[priority];
  return {
    firstResponseMs: Math.round(targets.firstResponseMinutes * 60_000),
    resolutionMs: Math.round(targets.resolutionMinutes * 60_000),
  };
}

/** At most a year: a longer target is a typo, not a service level. */
const minutes = z
  .number()
  .int()
  .positive()
  .max(366 * 24 * 60);

/** The same bound in seconds, for targets shorter than a minute (demonstrations, tests). */
const seconds = z
  .number()
  .int()
  .positive()
  .max(366 * 24 * 3600);

const targetsOverride = z
  .strictObject({
    firstResponseMinutes: minutes.optional(),
    resolutionMinutes: minutes.optional(),
    firstResponseSeconds: seconds.optional(),
    resolutionSeconds: seconds.optional(),
  })
  .superRefine((override, context) => {
    for (const target of ['firstResponse', 'resolution'] as const) {
      if (override[`${target}Minutes`] !== undefined && override[`${target}Seconds`] !== undefined) {
        context.addIssue({
          code: 'custom',
          path: [`${target}Seconds`],
          message: `give ${target}Minutes or ${target}Seconds, not both`,
        });
      }
    }
  });

/**
 * The INCIDENT_SLA_POLICIES document: any priorities, any of their two targets, merged over the defaults,
 * e.g. `{"P1": {"firstResponseMinutes": 10}, "P5": {"resolutionMinutes": 4320}}`. A target may be given
 * in seconds instead (`firstResponseSeconds`, `resolutionSeconds`) when it is shorter than a minute.
 * Unknown priorities or fields are refused, and after the merge a first response may not be due after
 * the resolution.
 */
export const slaPolicyOverridesSchema = z
  .strictObject(
    Object.fromEntries(
      prioritySchema.options.map((priority) => [priority, targetsOverride.optional()]),
    ) as Record<Priority, z.ZodOptional<typeof targetsOverride>>,
  )
  .transform((overrides): SlaPolicies => mergeSlaPolicies(defaultSlaPolicies, overrides))
  .superRefine((policies, context) => {
    for (const priority of prioritySchema.options) {
      const { firstResponseMinutes, resolutionMinutes } = policies[priority];
      if (firstResponseMinutes > resolutionMinutes) {
        context.addIssue({
          code: 'custom',
          path: [priority],
          message: `first response (${duration(firstResponseMinutes)}) must not be due after resolution (${duration(resolutionMinutes)})`,
        });
      }
    }
  });

export type SlaPolicyOverrides = z.input<typeof slaPolicyOverridesSchema>;

export function mergeSlaPolicies(base: SlaPolicies, overrides: SlaPolicyOverrides): SlaPolicies {
  const merged = { ...base };
  for (const priority of prioritySchema.options) {
    const override = overrides[priority];
    if (!override) continue;
    merged[priority] = {
      firstResponseMinutes:
        override.firstResponseMinutes ??
        inMinutes(override.firstResponseSeconds) ??
        base[priority].firstResponseMinutes,
      resolutionMinutes:
        override.resolutionMinutes ??
        inMinutes(override.resolutionSeconds) ??
        base[priority].resolutionMinutes,
    };
  }
  return merged;
}

const inMinutes = (value: number | undefined) => (value === undefined ? undefined : value / 60);

/** `120 min`, or `30 s` for a target given in seconds. */
const duration = (minutes: number) =>
  Number.isInteger(minutes) ? `${minutes} min` : `${Math.round(minutes * 60)} s`;

/**
 * The SLA variables, to spread into the service's env schema (`serviceEnv(4001, { ...slaEnvShape })`):
 * - INCIDENT_SLA_POLICIES: JSON overrides of the policy table (see `slaPolicyOverridesSchema`); unset or
 *   blank keeps the defaults.
 * - INCIDENT_SLA_AT_RISK_PERCENT: a clock is at risk with this percentage of its target or less left (20).
 */
export const slaEnvShape = {
  INCIDENT_SLA_POLICIES: z
    .string()
    .optional()
    .transform((value, context): unknown => {
      if (value === undefined || value.trim() === '') return {};
      try {
        return JSON.parse(value);
      } catch {
        context.addIssue({ code: 'custom', message: 'must be a JSON document' });
        return z.NEVER;
      }
    })
    .pipe(slaPolicyOverridesSchema),
  INCIDENT_SLA_AT_RISK_PERCENT: z.coerce.number().min(0).max(100).default(20),
};

/** The SLA configuration from the parsed variables of `slaEnvShape`. */
export function slaConfigFromEnv(env: {
  INCIDENT_SLA_POLICIES: SlaPolicies;
  INCIDENT_SLA_AT_RISK_PERCENT: number;
}): SlaConfig {
  return { policies: env.INCIDENT_SLA_POLICIES, atRiskRatio: env.INCIDENT_SLA_AT_RISK_PERCENT / 100 };
}
