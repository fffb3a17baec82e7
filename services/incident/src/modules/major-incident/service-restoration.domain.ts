import type { IncidentStatus } from '@mim/contracts';
import { DomainError } from '@mim/errors';
import { assertVersion, isOpen } from '../incident/incident.domain';
import { notOpen } from '../incident/incident.errors';

/** The part of an incident that recording a restoration reads and writes. */
export interface RestorationState {
  status: IncidentStatus;
  version: number;
  reportedAt: Date;
  failureStartedAt: Date | null;
  serviceRestoredAt: Date | null;
}

/**
 * Records that service is restored for users (a workaround or mitigation: Cloudflare's "WAF disabled
 * globally, traffic back to normal" at 14:07) while the incident stays open until it is fully resolved.
 * Once per incident; not before the failure began (or the report, when the start is unknown).
 */
export function restoreService(state: RestorationState, expectedVersion: number, at: Date): RestorationState {
  assertVersion(expectedVersion, state.version);
  if (!isOpen(state.status)) throw notOpen(state.status, 'recorded as restored');
  if (state.serviceRestoredAt) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `Service was already recorded as restored at ${state.serviceRestoredAt.toISOString()}`,
      { serviceRestoredAt: state.serviceRestoredAt.toISOString() },
    );
  }
  const start = state.failureStartedAt ?? state.reportedAt;
  if (at < start) {
    throw new DomainError('BAD_USER_INPUT', 'Service cannot be restored before the failure began', {
      fields: { at: `must not be before ${start.toISOString()}` },
    });
  }
  return { ...state, serviceRestoredAt: at, version: state.version + 1 };
}

/**
 * Downtime: from the failure's start (or the report, when the start is unknown) to the restoration of
 * service (or, without one, the resolution). Null while neither end is known.
 */
export function downtimeSeconds(incident: {
  reportedAt: Date;
  failureStartedAt: Date | null;
  serviceRestoredAt: Date | null;
  resolvedAt: Date | null;
}): number | null {
  const end = incident.serviceRestoredAt ?? incident.resolvedAt;
  if (!end) return null;
  const start = incident.failureStartedAt ?? incident.reportedAt;
  return Math.max(0, (end.getTime() - start.getTime()) / 1000);
}
