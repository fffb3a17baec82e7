import { type Actor, incidentStatusUpdateOverdueV1, incidentStatusUpdatePublishedV1 } from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import type { TimelineEntryInput } from '../timeline/timeline.service';
import { statusUpdateVisibility } from './status-update.domain';
import type { StatusUpdate } from './status-update.entity';

const audienceNames = {
  TECHNICAL_TEAM: 'technical team',
  MANAGEMENT: 'management',
  KEY_STAKEHOLDERS: 'key stakeholders',
  USERS: 'users',
} as const;

/** PUBLIC when the users are among the audiences (the reporter reads it), otherwise INTERNAL. */
export function statusUpdateEntry(
  update: StatusUpdate,
  actor: TimelineEntryInput['actor'],
): TimelineEntryInput {
  return {
    kind: 'status_update_published',
    actor,
    occurredAt: update.publishedAt,
    visibility: statusUpdateVisibility(update.audiences),
    summary: `Status update to ${update.audiences.map((audience) => audienceNames[audience]).join(', ')}: ${
      update.currentStatus
    }`.slice(0, 1_000),
    detail: {
      updateId: update.id,
      audiences: update.audiences,
      impact: update.impact,
      currentStatus: update.currentStatus,
      actions: update.actions,
      nextUpdateDueAt: update.nextUpdateDueAt?.toISOString() ?? null,
    },
  };
}

export function statusUpdateOverdueEntry(
  lastUpdateAt: Date | null,
  dueAt: Date,
  at: Date,
): TimelineEntryInput {
  return {
    kind: 'status_update_overdue',
    actor: { id: 'system:status-update', name: 'Status update cadence' },
    occurredAt: at,
    visibility: 'INTERNAL',
    summary: `Status update overdue: due ${dueAt.toISOString()}, ${
      lastUpdateAt ? `last one ${lastUpdateAt.toISOString()}` : 'none published since the declaration'
    }`,
    detail: { lastUpdateAt: lastUpdateAt?.toISOString() ?? null, dueAt: dueAt.toISOString() },
  };
}

interface EnvelopeFacts {
  incidentVersion: number;
  actor: Actor;
  correlationId: string;
  at: Date;
}

export function statusUpdatePublishedEvent(update: StatusUpdate, facts: EnvelopeFacts) {
  return newEvent(incidentStatusUpdatePublishedV1, {
    aggregateId: update.incidentId,
    aggregateVersion: facts.incidentVersion,
    actor: facts.actor,
    correlationId: facts.correlationId,
    occurredAt: facts.at,
    data: {
      incidentId: update.incidentId,
      updateId: update.id,
      audiences: update.audiences,
      impact: update.impact,
      currentStatus: update.currentStatus,
      actions: update.actions,
      nextUpdateDueAt: update.nextUpdateDueAt?.toISOString() ?? null,
      publishedAt: update.publishedAt.toISOString(),
    },
  });
}

export function statusUpdateOverdueEvent(
  incidentId: string,
  lastUpdateAt: Date | null,
  dueAt: Date,
  facts: EnvelopeFacts,
) {
  return newEvent(incidentStatusUpdateOverdueV1, {
    aggregateId: incidentId,
    aggregateVersion: facts.incidentVersion,
    actor: facts.actor,
    correlationId: facts.correlationId,
    occurredAt: facts.at,
    data: {
      incidentId,
      lastUpdateAt: lastUpdateAt?.toISOString() ?? null,
      dueAt: dueAt.toISOString(),
    },
  });
}
