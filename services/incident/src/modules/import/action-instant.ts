import type { Caller } from '@mim/auth';
import type { EntityManager } from 'typeorm';
import type { Incident } from '../incident/incident.entity';
import { actionInstant, requireImporter } from './import.domain';

/**
 * Kinds the SLA monitor records from its timers in real time. They do not order imported history: while
 * a replay loads the past, a timer may judge the incident now (a breach of a target long passed), and
 * the next imported step must still be accepted.
 */
const realTimeKinds = ['sla_at_risk', 'sla_breached'];

/**
 * The instant an action on a locked incident is recorded at (import.domain.ts): now, or the caller's
 * `at` after checking who may date it (FORBIDDEN) and that it fits the incident's history
 * (BAD_USER_INPUT). Reads the latest entry of the timeline in the caller's transaction, after the lock.
 */
export async function instantOfAction(
  manager: EntityManager,
  caller: Caller,
  incident: Pick<Incident, 'id' | 'reportedAt'>,
  at: Date | null | undefined,
  now: Date = new Date(),
): Promise<Date> {
  if (at == null) return now;
  requireImporter(caller, at);
  const [row] = await manager.query<[{ latest: Date | null }]>(
    `SELECT max(occurred_at) AS latest FROM incident_timeline_entry
     WHERE incident_id = $1 AND NOT (kind = ANY($2::text[]))`,
    [incident.id, realTimeKinds],
  );
  return actionInstant(at, now, {
    reportedAt: incident.reportedAt,
    latestEntryAt: row?.latest ? new Date(row.latest) : null,
  });
}
