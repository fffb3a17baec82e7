import type { ChangeStatus, CommentVisibility } from '@mim/contracts';
import { DomainError } from '@mim/errors';

/** The kinds the incident service records. Other services and intake may add kinds of their own. */
export const incidentTimelineKinds = [
  'created',
  'status_changed',
  'priority_changed',
  'assigned',
  'escalated',
  'comment_added',
  'participant_added',
  'participant_removed',
  'major_declared',
  'service_restored',
] as const;
export type IncidentTimelineKind = (typeof incidentTimelineKinds)[number];

/**
 * What a reporter (end user) sees of the timeline: that the incident was logged, each status change
 * (resolution included, with its code and notes), that it was declared a major incident, and the public
 * comments. Priority, assignment, escalation and the incident's team are internal, as are work notes
 * and any kind not listed here (problem and change records included).
 */
const publicKinds: readonly string[] = [
  'created',
  'status_changed',
  'major_declared',
  'service_restored',
] satisfies IncidentTimelineKind[];

export function defaultVisibility(kind: string): CommentVisibility {
  return publicKinds.includes(kind) ? 'PUBLIC' : 'INTERNAL';
}

/**
 * Problem and change records on an incident's timeline (linked-record-entries.ts) are staff matters and
 * INTERNAL: problems opened, merged or linked, their root cause and known errors, change requests, their
 * approvals, progress and reviews. One exception: a change that fixes the incident reaching IMPLEMENTED
 * is PUBLIC ("Change CHG-000031 implemented"). Reporters already see the status changes and that the
 * incident was declared major; that the fix has been deployed is what they wait for between the two
 * (is it worth retrying? is a resolution near?), and it says nothing about how the fix was decided. Every
 * other step of the change (approvals, failures, rollbacks, reviews) stays internal: a failed or rolled
 * back change reaches the reporter, if at all, as the incident's own status changes.
 */
export function fixingChangeStatusVisibility(to: ChangeStatus): CommentVisibility {
  return to === 'IMPLEMENTED' ? 'PUBLIC' : 'INTERNAL';
}

/** A position in an incident's timeline, oldest first: the entry's instant and its insertion order. */
export interface TimelinePosition {
  at: string;
  seq: string;
}

/** An opaque cursor: base64url of the JSON `[isoTimestamp, seq]`. */
export function encodeTimelineCursor(at: Date, seq: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), seq])).toString('base64url');
}

export function decodeTimelineCursor(cursor: string): TimelinePosition {
  try {
    const [at, seq] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (
      typeof at !== 'string' ||
      Number.isNaN(Date.parse(at)) ||
      typeof seq !== 'string' ||
      !/^\d{1,18}$/.test(seq)
    ) {
      throw new Error('bad cursor');
    }
    return { at: new Date(at).toISOString(), seq };
  } catch {
    throw new DomainError('BAD_USER_INPUT', 'Invalid pagination cursor', {
      fields: [{ path: 'after', message: 'invalid cursor' }],
    });
  }
}
