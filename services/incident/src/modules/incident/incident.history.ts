import type { Caller } from '@mim/auth';
import type { CommentVisibility, Person } from '@mim/contracts';
import type { ChangeReference } from '../major-incident/major-resolution.domain';
import type { TimelineEntryInput } from '../timeline/timeline.service';
import type { Classification } from './classification.domain';
import type { StatusChange } from './incident.domain';
import type { Incident } from './incident.entity';
import type { Ownership } from './ownership.domain';

/**
 * The timeline entries of the incident service's own changes: kind, one readable line, and the facts
 * as JSON. Pure; the use case writes them in the change's transaction.
 */
type Actor = TimelineEntryInput['actor'];

/** The timeline's "who": the caller's id and display name. */
export function actorOf(caller: Caller): Actor {
  return { id: caller.subject, name: caller.name };
}

type Draft = TimelineEntryInput & { occurredAt: Date };

export function createdEntry(incident: Incident, actor: Actor, at: Date): Draft {
  return {
    kind: 'created',
    actor,
    occurredAt: at,
    summary: `Logged ${incident.number} (${incident.priority}, ${incident.kind === 'SERVICE_REQUEST' ? 'service request' : 'incident'}) via ${incident.channel}`,
    detail: {
      number: incident.number,
      kind: incident.kind,
      channel: incident.channel,
      impact: incident.impact,
      urgency: incident.urgency,
      priority: incident.priority,
      supportTier: incident.supportTier,
      category: incident.category,
      subcategory: incident.subcategory,
      reportedAt: incident.reportedAt.toISOString(),
    },
  };
}

const actionSummaries: Record<StatusChange['action'], string> = {
  acknowledge: 'Acknowledged',
  start: 'Work started',
  hold: 'Put on hold',
  resume: 'Work resumed',
  resolve: 'Resolved',
  close: 'Closed',
  reopen: 'Reopened',
  cancel: 'Cancelled',
};

export function statusChangedEntry(change: StatusChange, actor: Actor, at: Date): Draft {
  const qualifier =
    change.action === 'resolve'
      ? ` (${String(change.detail.resolutionCode)})`
      : change.action === 'hold'
        ? ` (${String(change.detail.holdReason)})`
        : '';
  const reason =
    change.reason && change.action !== 'hold' && change.action !== 'resolve' ? `: ${change.reason}` : '';
  const fix = change.action === 'resolve' ? resolutionFixWords(change.detail) : '';
  return {
    kind: 'status_changed',
    actor,
    occurredAt: at,
    summary: `${actionSummaries[change.action]}${qualifier}${fix}${reason}`.slice(0, 1_000),
    detail: { action: change.action, from: change.from, to: change.to, ...change.detail },
  };
}

/**
 * How a major incident was fixed, on its resolution entry: by which implemented change(s), or why
 * without one (major-resolution.domain.ts). Nothing for other incidents.
 */
function resolutionFixWords(detail: StatusChange['detail']): string {
  const fixedBy = (detail.fixedBy ?? []) as ChangeReference[];
  if (fixedBy.length > 0) {
    const numbers = fixedBy.map((change) => change.number).join(', ');
    return `, fixed by change${fixedBy.length > 1 ? 's' : ''} ${numbers}`;
  }
  const reason = detail.resolutionWithoutChangeReason;
  return typeof reason === 'string' ? ` without an implemented change: ${reason}` : '';
}

export function priorityChangedEntry(
  change: { from: Classification; to: Classification; reason: string },
  actor: Actor,
  at: Date,
): Draft {
  const { from, to } = change;
  const parts = [
    from.impact !== to.impact ? `impact ${from.impact} -> ${to.impact}` : null,
    from.urgency !== to.urgency ? `urgency ${from.urgency} -> ${to.urgency}` : null,
  ].filter(Boolean);
  const priority =
    from.priority === to.priority
      ? `Priority stays ${to.priority}`
      : `Priority ${from.priority} -> ${to.priority}`;
  return {
    kind: 'priority_changed',
    actor,
    occurredAt: at,
    summary: `${priority} (${parts.join(', ')}): ${change.reason}`.slice(0, 1_000),
    detail: { from, to, reason: change.reason },
  };
}

const describeOwner = (owner: Ownership) =>
  [owner.assignee?.name ?? 'unassigned', owner.assignmentGroup ? `in ${owner.assignmentGroup}` : null]
    .filter(Boolean)
    .join(' ');

export function assignedEntry(change: { from: Ownership; to: Ownership }, actor: Actor, at: Date): Draft {
  return {
    kind: 'assigned',
    actor,
    occurredAt: at,
    summary: `Assigned: ${describeOwner(change.to)} (was ${describeOwner(change.from)})`.slice(0, 1_000),
    detail: { from: change.from, to: change.to },
  };
}

export function functionalEscalationEntry(
  change: { from: Ownership; to: Ownership; reason: string },
  actor: Actor,
  at: Date,
): Draft {
  const group = change.to.assignmentGroup ? ` (${change.to.assignmentGroup})` : '';
  return {
    kind: 'escalated',
    actor,
    occurredAt: at,
    summary:
      `Escalated ${change.from.supportTier} -> ${change.to.supportTier}${group}: ${change.reason}`.slice(
        0,
        1_000,
      ),
    detail: { escalation: 'FUNCTIONAL', from: change.from, to: change.to, reason: change.reason },
  };
}

export function hierarchicalEscalationEntry(
  change: { manager: Person; previousManager: Person | null; reason: string },
  actor: Actor,
  at: Date,
): Draft {
  return {
    kind: 'escalated',
    actor,
    occurredAt: at,
    summary: `Escalated to ${change.manager.name}: ${change.reason}`.slice(0, 1_000),
    detail: {
      escalation: 'HIERARCHICAL',
      manager: change.manager,
      previousManager: change.previousManager,
      reason: change.reason,
    },
  };
}

export function commentEntry(
  comment: { id: string; visibility: CommentVisibility; body: string },
  actor: Actor,
  at: Date,
): Draft {
  return {
    kind: 'comment_added',
    actor,
    occurredAt: at,
    visibility: comment.visibility,
    summary: comment.visibility === 'PUBLIC' ? `Comment by ${actor.name}` : `Work note by ${actor.name}`,
    // The comment itself stays in `comment`; the timeline carries enough to read the history.
    detail: {
      commentId: comment.id,
      visibility: comment.visibility,
      excerpt: comment.body.length > 500 ? `${comment.body.slice(0, 499)}…` : comment.body,
    },
  };
}
