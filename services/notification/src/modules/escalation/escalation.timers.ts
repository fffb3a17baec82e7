import { createHash } from 'node:crypto';
import { type DueJob, cancelJob, scheduleJob } from '@mim/scheduler';
import type { EntityManager } from 'typeorm';
import { isAcknowledged, isOpen } from '../incident-snapshot/incident-snapshot.domain';
import { lockSnapshot } from '../incident-snapshot/incident-snapshot.store';
import type { NotificationPlanner } from '../notification/notification.planner';

/** The durable timer of hierarchical escalation: still unacknowledged this long after the response target. */
export const escalateToManagerKind = 'notification.escalate_to_manager';

export const escalationKey = (incidentId: string) => `notification:escalate-to-manager:${incidentId}`;

export interface EscalationPayload {
  incidentId: string;
  /** The incident.sla_breached event that started it; the escalation's deliveries are named after it. */
  breachEventId: string;
  responseDueAt: string;
  fromTier: 'L1' | 'L2' | 'L3';
  toTier: 'L1' | 'L2' | 'L3' | null;
}

/** Sets (or replaces) the incident's escalation timer, in the caller's transaction. */
export async function scheduleEscalationToManager(
  manager: EntityManager,
  payload: EscalationPayload,
  runAt: Date,
): Promise<void> {
  await scheduleJob(manager, {
    kind: escalateToManagerKind,
    key: escalationKey(payload.incidentId),
    runAt,
    payload: { ...payload },
  });
}

/** Someone responded (or the incident ended): nobody needs to be escalated to. */
export async function cancelEscalation(manager: EntityManager, incidentId: string): Promise<void> {
  await cancelJob(manager, escalationKey(incidentId));
}

/**
 * Fires once across replicas (the scheduler deletes the job in this transaction): under the incident's
 * snapshot lock, escalates to management only if the incident is still open and unacknowledged.
 */
export function escalateToManagerHandler(planner: NotificationPlanner) {
  return async (job: DueJob<EscalationPayload>, manager: EntityManager): Promise<void> => {
    const { payload } = job;
    const incident = await lockSnapshot(manager, payload.incidentId);
    if (!isOpen(incident) || isAcknowledged(incident)) return;
    await planner.announce(manager, incident, {
      source: {
        id: derivedEventId(payload.breachEventId, escalateToManagerKind),
        type: escalateToManagerKind,
        correlationId: payload.breachEventId,
        occurredAt: new Date(),
      },
      trigger: 'ESCALATED_TO_MANAGER',
      details: {
        escalation: {
          responseDueAt: payload.responseDueAt,
          fromTier: payload.fromTier,
          toTier: payload.toTier,
        },
      },
    });
  };
}

/**
 * A stable uuid for something caused by an event (a name-based uuid, RFC 9562 version 8 from SHA-256):
 * the same event and purpose always give the same id, so a retried timer makes no second delivery.
 */
export function derivedEventId(eventId: string, purpose: string): string {
  const hex = createHash('sha256').update(`${eventId}\u0000${purpose}`).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
