import { type Caller, isStaff } from '@mim/auth';

/**
 * Who may see an incident. Staff (`isStaff` of @mim/auth) see all; an end user only what they reported.
 * External consultants see only the incidents they are added to (the major incident team arrives
 * later), so none for now.
 */
export type IncidentScope = { kind: 'all' } | { kind: 'reporter'; reporterId: string } | { kind: 'none' };

export function incidentScope(caller: Caller): IncidentScope {
  if (isStaff(caller)) return { kind: 'all' };
  if (caller.roles.includes('end_user')) return { kind: 'reporter', reporterId: caller.subject };
  return { kind: 'none' };
}

export function canView(scope: IncidentScope, incident: { reporterId: string }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'reporter':
      return incident.reporterId === scope.reporterId;
    case 'none':
      return false;
  }
}
