import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  type AlertTimelineEntry,
  type DeduplicationPolicy,
  type OpenAlertGroup,
  decideAlert,
} from './alert-deduplication';
import { AlertGroup } from './alert-group.entity';
import type { IntakeResult } from './intake-sink';
import type { NormalizedAlert } from './normalized-alert';

/** The incident operations alert intake needs; the wiring implements them with `IncidentService`. */
export interface AlertIncidentPort {
  /** Creates the incident of a new alert group (e.g. `IncidentService.createWithin`). */
  createIncident(manager: EntityManager, alert: NormalizedAlert): Promise<{ id: string; number: string }>;
  /** e.g. `IncidentService.addTimelineEntryWithin`. */
  addTimelineEntry(manager: EntityManager, incidentId: string, entry: AlertTimelineEntry): Promise<void>;
  /** Resolves the incident; must do nothing when a person has already resolved or closed it. */
  resolveIncident(manager: EntityManager, incidentId: string, entry: AlertTimelineEntry): Promise<void>;
  /**
   * Row-locks the incident. When given, a resolved alert locks its incident BEFORE its alert group, the
   * order in which a person's change of the incident (which closes the group in a listener) takes them:
   * the other order can deadlock a person resolving the incident against the alert resolving it.
   */
  lockIncident?(manager: EntityManager, incidentId: string): Promise<void>;
}

const maxAttempts = 3;

/**
 * Applies one alert inside the caller's transaction (READ COMMITTED, PostgreSQL's default; one
 * transaction per alert, so a batch never holds several group locks and cannot deadlock).
 *
 * Why an alert storm (1,000 concurrent firing alerts with one fingerprint) creates exactly one incident:
 * 1. The open group is read `FOR UPDATE`: when it exists, concurrent alerts queue on its row lock and
 *    each adds one occurrence to the count the previous one committed.
 * 2. When none exists, every concurrent transaction may see none. Each then claims the fingerprint with
 *    `INSERT ... ON CONFLICT (fingerprint) WHERE status = 'OPEN' DO NOTHING`, BEFORE creating anything.
 *    The unique partial index admits one OPEN row per fingerprint; an insert that meets another
 *    transaction's uncommitted row waits for it: on commit it inserts nothing, on rollback it inserts.
 * 3. Only the transaction whose insert returned the row creates the incident, in the same transaction
 *    (so the group never points at a missing incident). The others start over at 1, where the row lock
 *    now finds the winner's group, and add an occurrence.
 */
export async function applyAlertWithin(
  manager: EntityManager,
  alert: NormalizedAlert,
  port: AlertIncidentPort,
  policy: DeduplicationPolicy,
  now: Date = new Date(),
): Promise<IntakeResult> {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    if (alert.status === 'RESOLVED' && port.lockIncident) {
      const incidentId = await openGroupIncident(manager, alert.fingerprint);
      if (incidentId) await port.lockIncident(manager, incidentId);
    }
    const open = await lockOpenGroup(manager, alert.fingerprint);
    const decision = decideAlert(open, alert, policy, now);
    const base = { fingerprint: alert.fingerprint };
    switch (decision.kind) {
      case 'CREATE_INCIDENT': {
        const groupId = await claimFingerprint(manager, alert.fingerprint, decision.firstSeenAt);
        if (!groupId) continue; // another transaction opened the group first: count an occurrence on it
        const incident = await port.createIncident(manager, alert);
        await manager.update(AlertGroup, { id: groupId }, { incidentId: incident.id });
        return {
          ...base,
          outcome: 'INCIDENT_CREATED',
          incidentId: incident.id,
          incidentNumber: incident.number,
          occurrences: 1,
        };
      }
      case 'ADD_OCCURRENCE':
        await manager.update(
          AlertGroup,
          { id: decision.groupId },
          { occurrences: decision.occurrences, lastSeenAt: decision.lastSeenAt },
        );
        return {
          ...base,
          outcome: 'OCCURRENCE_ADDED',
          incidentId: decision.incidentId,
          occurrences: decision.occurrences,
        };
      case 'MARK_RESOLVED':
        await manager.update(
          AlertGroup,
          { id: decision.groupId },
          { status: 'RESOLVED', resolvedAt: decision.resolvedAt },
        );
        if (decision.incidentId) {
          await port.addTimelineEntry(manager, decision.incidentId, decision.timelineEntry);
          if (decision.resolveIncident) {
            await port.resolveIncident(manager, decision.incidentId, decision.timelineEntry);
          }
        }
        return {
          ...base,
          outcome: 'ALERT_RESOLVED',
          incidentId: decision.incidentId,
          occurrences: decision.timelineEntry.details.occurrences,
        };
      case 'IGNORE':
        return { ...base, outcome: 'IGNORED', incidentId: null };
    }
  }
  throw new Error(`Alert ${alert.fingerprint}: the open alert group kept changing; retry the alert`);
}

/** The incident of the open group, read without a lock (to lock the incident first). */
async function openGroupIncident(manager: EntityManager, fingerprint: string): Promise<string | null> {
  const group = await manager.findOne(AlertGroup, {
    select: { id: true, incidentId: true },
    where: { fingerprint, status: 'OPEN' },
  });
  return group?.incidentId ?? null;
}

async function lockOpenGroup(manager: EntityManager, fingerprint: string): Promise<OpenAlertGroup | null> {
  return manager.findOne(AlertGroup, {
    where: { fingerprint, status: 'OPEN' },
    lock: { mode: 'pessimistic_write' },
  });
}

/** The new group's id when this transaction opened it; null when an OPEN group already exists. */
async function claimFingerprint(
  manager: EntityManager,
  fingerprint: string,
  seenAt: Date,
): Promise<string | null> {
  const rows = await manager.query<{ id: string }[]>(
    `INSERT INTO monitoring_alert_group (id, fingerprint, incident_id, status, occurrences, first_seen_at, last_seen_at)
     VALUES ($1, $2, NULL, 'OPEN', 1, $3, $3)
     ON CONFLICT (fingerprint) WHERE status = 'OPEN' DO NOTHING
     RETURNING id`,
    [randomUUID(), fingerprint, seenAt],
  );
  return rows[0]?.id ?? null;
}
