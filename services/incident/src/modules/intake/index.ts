/** Monitoring and email intake: what the service wiring needs. */
import { CreateIntakeReplayGuard1763800000500 } from './1763800000500-create-intake-replay-guard.migration';
import { CreateMonitoringAlertGroups1763800000510 } from './1763800000510-create-monitoring-alert-groups.migration';
import { AlertGroup } from './alert-group.entity';

export { createIntakeRouter, type IntakeRouterDeps } from './intake.router';
export type { IntakeSink, IntakeContext, IntakeResult, IntakeOutcome } from './intake-sink';
export { type IntakeAuthConfig, signIntakeBody } from './intake-auth';
export { type ReplayGuard, InMemoryReplayGuard } from './replay-guard';
export { PostgresReplayGuard } from './postgres-replay-guard';
export { type AlertIncidentPort, applyAlertWithin } from './apply-alert';
export { createAlertReceiver } from './alert-receiver';
export type { AlertTimelineEntry, DeduplicationPolicy } from './alert-deduplication';
export type { NormalizedAlert } from './normalized-alert';
export type { NormalizerOptions } from './alert-normalizer';
export { type ParsedEmail, parseEmail, findRecordNumber } from './email-intake';
export { type IncidentUseCases, createIncidentIntakeSink, incidentAlertPort } from './incident-intake-sink';
export { type IntakeEnv, createIncidentIntake, intakeEnabled } from './intake-wiring';
export { resolveAlertGroupOfEndedIncident } from './alert-group-listener';
export { monitoringAlertResolvers, withMonitoringAlert } from './monitoring-alert.resolvers';
export { AlertGroup, CreateIntakeReplayGuard1763800000500, CreateMonitoringAlertGroups1763800000510 };

/** For `data-source.ts`: add to `entities` and (after the incident migrations) to `migrations`. */
export const intakeEntities = [AlertGroup];
export const intakeMigrations = [
  CreateIntakeReplayGuard1763800000500,
  CreateMonitoringAlertGroups1763800000510,
];
