import { type Caller, type Role, hasRole } from '@mim/auth';
import { clockSkewMs } from '../incident/incident.domain';
import { forbidden, invalidFields } from '../incident/incident.errors';

/**
 * Import and replay: loading past history, or replaying a scenario (the Cloudflare outage of DOMAIN.md)
 * with the times it really happened. An action that accepts `at` records it at that instant instead of
 * now: its timeline entry, its event, and the timestamps it sets (acknowledgedAt, resolvedAt, ...).
 *
 * Who: admins only. No importer role exists, and a back-dated action rewrites what the record says
 * happened, so it is kept to the role that may already do everything (`hasRole` semantics: admin).
 */
export const importerRoles = [] as const satisfies readonly Role[];

export function mayImport(caller: Caller): boolean {
  return hasRole(caller, ...importerRoles);
}

/** FORBIDDEN when someone other than an importer (admin) dates an action (`at`); nothing otherwise. */
export function requireImporter(caller: Caller, at: Date | null | undefined): void {
  if (at == null || mayImport(caller)) return;
  throw forbidden('Only an admin may date an action in the past (`at`: import and replay)');
}

/** What an imported instant is checked against: the incident's report and its latest recorded fact. */
export interface ImportBounds {
  reportedAt: Date;
  /** The latest `occurredAt` of the history on the incident's timeline (action-instant.ts); null if none. */
  latestEntryAt: Date | null;
}

/**
 * The instant an action is recorded at: now, or the imported `at` once it is checked. History is
 * appended in order, so `at` is not in the future (beyond the clock skew), not before the incident was
 * reported, and not before the latest entry of its timeline (equal is fine: several facts of one
 * instant). BAD_USER_INPUT on `at` otherwise. Pure.
 */
export function actionInstant(at: Date | null | undefined, now: Date, bounds: ImportBounds): Date {
  if (at == null) return now;
  const problem = instantProblem(at, now, bounds);
  if (problem) throw invalidFields([{ path: 'at', message: problem }]);
  return at;
}

function instantProblem(at: Date, now: Date, bounds: ImportBounds): string | null {
  if (Number.isNaN(at.getTime())) return 'must be a valid instant';
  if (at.getTime() > now.getTime() + clockSkewMs) return 'must not be in the future';
  if (at.getTime() < bounds.reportedAt.getTime()) {
    return `must not be before the incident was reported (${bounds.reportedAt.toISOString()})`;
  }
  if (bounds.latestEntryAt && at.getTime() < bounds.latestEntryAt.getTime()) {
    return (
      `must not be before the latest entry of the incident's timeline (${bounds.latestEntryAt.toISOString()}): ` +
      'history is imported in order'
    );
  }
  return null;
}
