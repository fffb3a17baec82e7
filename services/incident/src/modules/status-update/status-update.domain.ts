import { type Caller, hasRole } from '@mim/auth';
import type { CommentVisibility, IncidentStatus, Priority, StatusAudience } from '@mim/contracts';
import { statusAudienceSchema } from '@mim/contracts';
import type { IncidentScope } from '../incident/incident.access';
import { isOpen } from '../incident/incident.domain';
import type { StatusUpdateCadence } from './status-update.cadence';

/**
 * RACI "inform stakeholders": the MI team is responsible, the major incident manager accountable; the
 * communications lead writes for the audiences too. Admin may (hasRole semantics).
 */
export const statusUpdateRoles = ['major_incident_manager', 'mi_team_member', 'communications_lead'] as const;

export function mayPublishStatusUpdate(caller: Caller): boolean {
  return hasRole(caller, ...statusUpdateRoles);
}

/** The audiences, each once, in their canonical order (technical team first, users last). */
export function normaliseAudiences(audiences: readonly StatusAudience[]): StatusAudience[] {
  return statusAudienceSchema.options.filter((audience) => audiences.includes(audience));
}

/** An update to the users is shown to the reporter on the timeline; the rest is internal. */
export function statusUpdateVisibility(audiences: readonly StatusAudience[]): CommentVisibility {
  return audiences.includes('USERS') ? 'PUBLIC' : 'INTERNAL';
}

/**
 * Who reads which updates on `Incident.statusUpdates`: staff and the incident's team all of them; the
 * reporter only those addressed to the users (and only on the incidents they see at all).
 */
export function seesStatusUpdate(scope: IncidentScope, audiences: readonly StatusAudience[]): boolean {
  switch (scope.kind) {
    case 'all':
    case 'participant':
      return true;
    case 'reporter':
      return audiences.includes('USERS');
    case 'none':
      return false;
  }
}

const minuteMs = 60_000;

export function cadenceMs(cadence: StatusUpdateCadence, priority: Priority): number {
  return Math.round(cadence[priority] * minuteMs);
}

/** What the cadence reads of a major incident. */
export interface CadenceFacts {
  status: IncidentStatus;
  isMajor: boolean;
  priority: Priority;
  majorDeclaredAt: Date | null;
}

/** Whether updates are owed at all: an open major incident. Resolved, closed or cancelled: no more. */
export function updatesOwed(incident: Pick<CadenceFacts, 'status' | 'isMajor'>): boolean {
  return incident.isMajor && isOpen(incident.status);
}

/**
 * When the next status update is due: the earlier of what the last update promised (nextUpdateDueAt)
 * and the last update plus the priority's cadence; with no update yet, the declaration plus the
 * cadence. Null when no update is owed.
 */
export function nextUpdateDue(
  incident: CadenceFacts,
  lastUpdate: { publishedAt: Date; nextUpdateDueAt: Date | null } | null,
  cadence: StatusUpdateCadence,
): Date | null {
  if (!updatesOwed(incident)) return null;
  const basis = lastUpdate?.publishedAt ?? incident.majorDeclaredAt;
  if (!basis) return null;
  const byCadence = basis.getTime() + cadenceMs(cadence, incident.priority);
  const promised = lastUpdate?.nextUpdateDueAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return new Date(Math.min(byCadence, promised));
}

/** After this many reminders without an update, the cadence stops reminding (until the next update). */
export const maxOverdueReminders = 12;

/**
 * After an overdue reminder (the `reminder`-th, from 1): the next one, one cadence after the later of the
 * due time and now (a scheduler that was down does not fire a burst); null once the bound is reached.
 */
export function nextReminderAt(
  dueAt: Date,
  now: Date,
  reminder: number,
  priority: Priority,
  cadence: StatusUpdateCadence,
): Date | null {
  if (reminder >= maxOverdueReminders) return null;
  return new Date(Math.max(dueAt.getTime(), now.getTime()) + cadenceMs(cadence, priority));
}

/**
 * Whether a change of the incident moves the cadence: declared, reopened or ended, or a new priority
 * (and with it a new cadence). Other changes (assignment, escalation) leave the timer alone.
 */
export function cadenceAffected(previous: CadenceFacts | null, current: CadenceFacts): boolean {
  if (!previous) return updatesOwed(current);
  return (
    updatesOwed(previous) !== updatesOwed(current) ||
    (updatesOwed(current) && previous.priority !== current.priority)
  );
}
