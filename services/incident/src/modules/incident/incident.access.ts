import { type Caller, isStaff } from '@mim/auth';

/**
 * Who may see an incident. Staff (`isStaff` of @mim/auth) see all; an external consultant exactly the
 * incidents whose team they are on (modules/participant), from the moment they are added until the
 * moment they are removed; an end user what they reported. A caller who is both a consultant and an end
 * user is judged as a consultant: the consultant's access is the narrower, accountable one.
 */
export type IncidentScope =
  | { kind: 'all' }
  | { kind: 'reporter'; reporterId: string }
  | { kind: 'participant'; userId: string }
  | { kind: 'none' };

export function incidentScope(caller: Caller): IncidentScope {
  if (isStaff(caller)) return { kind: 'all' };
  if (caller.roles.includes('external_consultant')) return { kind: 'participant', userId: caller.subject };
  if (caller.roles.includes('end_user')) return { kind: 'reporter', reporterId: caller.subject };
  return { kind: 'none' };
}

/**
 * Whether the scope admits one incident. `onTeam`: whether the caller is a participant of it now; only
 * participant scopes read it (incident-visibility.ts looks it up when needed).
 */
export function canView(scope: IncidentScope, incident: { reporterId: string }, onTeam: boolean): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'reporter':
      return incident.reporterId === scope.reporterId;
    case 'participant':
      return onTeam;
    case 'none':
      return false;
  }
}

/**
 * Whether the caller sees, on the incidents their scope admits, the INTERNAL timeline entries, the work
 * notes and the team roster. Staff do. A participant scope admits only incidents the consultant works
 * on as a member of the team, so they do too: the team's work notes are its working notes. A reporter
 * sees the public side only.
 */
export function seesInternal(scope: IncidentScope): boolean {
  switch (scope.kind) {
    case 'all':
    case 'participant':
      return true;
    case 'reporter':
    case 'none':
      return false;
  }
}
