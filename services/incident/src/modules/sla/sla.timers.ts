import { cancelJob, scheduleJob } from '@mim/scheduler';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { type SlaMetric, nextSlaChanges } from './sla.domain';
import type { SlaConfig } from './sla.policy';
import type { SlaRecord } from './sla.record';

/** The job kind of every SLA timer; its handler is `SlaService.onTimer`. */
export const slaTimerKind = 'incident.sla';

const keyPrefixes: Record<SlaMetric, string> = {
  FIRST_RESPONSE: 'sla:first-response:',
  RESOLUTION: 'sla:resolution:',
};

/** One timer per clock and incident: `sla:first-response:<id>`, `sla:resolution:<id>`. */
export function slaTimerKey(metric: SlaMetric, incidentId: string): string {
  return `${keyPrefixes[metric]}${incidentId}`;
}

export const slaTimerPayload = z.object({
  incidentId: z.uuid(),
  metric: z.enum(['FIRST_RESPONSE', 'RESOLUTION']),
});

/**
 * Points each clock's timer at the next instant its status changes by itself (AT_RISK, then BREACHED),
 * or removes it when there is none (stopped, on hold, already breached, cancelled). In the caller's
 * transaction, so timers always match the state committed with them.
 */
export async function syncSlaTimers(
  manager: EntityManager,
  incidentId: string,
  record: SlaRecord,
  now: Date,
  config: Pick<SlaConfig, 'atRiskRatio'>,
): Promise<void> {
  const next = record.stoppedAt
    ? { firstResponse: null, resolution: null }
    : nextSlaChanges(record.state, now, config);
  const timers: Array<[SlaMetric, (typeof next)['firstResponse']]> = [
    ['FIRST_RESPONSE', next.firstResponse],
    ['RESOLUTION', next.resolution],
  ];
  for (const [metric, change] of timers) {
    const key = slaTimerKey(metric, incidentId);
    if (change) {
      await scheduleJob(manager, {
        kind: slaTimerKind,
        key,
        runAt: change.at,
        payload: { incidentId, metric, expect: change.status },
      });
    } else {
      await cancelJob(manager, key);
    }
  }
}
