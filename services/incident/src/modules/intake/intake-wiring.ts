import type { Logger } from '@mim/observability';
import type { Router } from 'express';
import type { DataSource } from 'typeorm';
import type { IncidentEnv } from '../../env';
import { type IncidentUseCases, createIncidentIntakeSink } from './incident-intake-sink';
import { createIntakeRouter } from './intake.router';
import { PostgresReplayGuard } from './postgres-replay-guard';

export type IntakeEnv = Pick<
  IncidentEnv,
  | 'INCIDENT_NUMBER_PREFIX'
  | 'INTAKE_BEARER_SECRETS'
  | 'INTAKE_HMAC_SECRETS'
  | 'INTAKE_AUTO_RESOLVE'
  | 'INTAKE_MAX_BODY_BYTES'
  | 'INTAKE_EMAIL_MAX_BYTES'
>;

/** Intake is on once a bearer secret or an HMAC key is configured. */
export function intakeEnabled(env: IntakeEnv): boolean {
  return env.INTAKE_BEARER_SECRETS.length > 0 || env.INTAKE_HMAC_SECRETS.length > 0;
}

/**
 * The intake endpoints of the incident service (`/intake/alertmanager`, `/intake/alerts`,
 * `/intake/email`), wired to the incident use cases, with replay protection shared by every replica
 * (PostgreSQL); null while intake is off. The server mounts the router beside `/graphql`: it has its own
 * authentication (bearer or HMAC), not the callers' JWTs.
 */
export function createIncidentIntake(deps: {
  dataSource: DataSource;
  env: IntakeEnv;
  logger: Logger;
  useCases: IncidentUseCases;
}): Router | null {
  const { env } = deps;
  if (!intakeEnabled(env)) return null;
  return createIntakeRouter({
    auth: { bearerSecrets: env.INTAKE_BEARER_SECRETS, hmacSecrets: env.INTAKE_HMAC_SECRETS },
    replayGuard: new PostgresReplayGuard(deps.dataSource),
    sink: createIncidentIntakeSink({
      dataSource: deps.dataSource,
      useCases: deps.useCases,
      policy: { autoResolve: env.INTAKE_AUTO_RESOLVE },
    }),
    logger: deps.logger.child({ module: 'intake' }),
    maxBodyBytes: env.INTAKE_MAX_BODY_BYTES,
    email: { numberPrefix: env.INCIDENT_NUMBER_PREFIX, maxBytes: env.INTAKE_EMAIL_MAX_BYTES },
  });
}
