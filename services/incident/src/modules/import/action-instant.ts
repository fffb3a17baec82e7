import type { Caller } from '@mim/auth';
import type { EntityManager } from 'typeorm';
import type { Incident } from '../incident/incident.entity';
import { actionInstant, requireImporter } from './import.domain';

/**
 * Which entries order an imported history: those recorded by people's actions in this service (source
 * `incident`, not a `system:` actor), i.e. the history being imported. Entries that timers (SLA monitor,
 * status update cadence, task deadlines) and other services' events (problem and change records, intake)
 * add in real time meanwhile do not: while a replay loads 2019, a timer may judge the incident today, or
 * the problem opened for the declaration may be recorded now, and the next imported step must still be
 * accepted.
 */
const historyEntries = `source = 'incident' AND actor_id NOT LIKE 'system:%'`;

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
    `SELECT max(occurred_at) AS latest FROM incident_timeline_entry WHERE incident_id = $1 AND ${historyEntries}`,
    [incident.id],
  );
  return actionInstant(at, now, {
    reportedAt: incident.reportedAt,
    latestEntryAt: row?.latest ? new Date(row.latest) : null,
  });
}
