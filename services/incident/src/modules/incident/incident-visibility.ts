import type { Caller } from '@mim/auth';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Participant } from '../participant/participant.entity';
import { type IncidentScope, canView, incidentScope } from './incident.access';
import type { Incident } from './incident.entity';

/**
 * The access rules of incident.access.ts applied to reads, always against the current team: nothing is
 * cached beyond a request, so a consultant removed from a team loses the incident at their next request.
 */

/** Whether the caller may see a loaded incident (one query for a consultant: are they on its team?). */
export async function isVisibleTo(
  manager: EntityManager,
  caller: Caller,
  incident: Pick<Incident, 'id' | 'reporterId'>,
): Promise<boolean> {
  const scope = incidentScope(caller);
  const onTeam =
    scope.kind === 'participant' &&
    (await manager.getRepository(Participant).existsBy({ incidentId: incident.id, userId: scope.userId }));
  return canView(scope, incident, onTeam);
}

/** The scope as a condition of a query over the alias `incident`, so nothing invisible is read. */
export function applyScope(builder: SelectQueryBuilder<Incident>, scope: IncidentScope): void {
  switch (scope.kind) {
    case 'all':
      return;
    case 'reporter':
      builder.andWhere('incident.reporter_id = :reporterId', { reporterId: scope.reporterId });
      return;
    case 'participant':
      builder.andWhere(
        `EXISTS (SELECT 1 FROM incident_participant participant
                 WHERE participant.incident_id = incident.id AND participant.user_id = :participantId)`,
        { participantId: scope.userId },
      );
      return;
    case 'none':
      builder.andWhere('false');
      return;
  }
}
