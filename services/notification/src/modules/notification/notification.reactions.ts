import type {
  Envelope,
  EventData,
  incidentAssignedV1,
  incidentCreatedV1,
  incidentEscalatedV1,
  incidentMajorDeclaredV1,
  incidentParticipantAddedV1,
  incidentParticipantRemovedV1,
  incidentPriorityChangedV1,
  incidentServiceRestoredV1,
  incidentSlaBreachedV1,
  incidentStatusChangedV1,
  incidentStatusUpdateOverdueV1,
  incidentStatusUpdatePublishedV1,
} from '@mim/contracts';
import type { EntityManager } from 'typeorm';
import { cancelEscalation, scheduleEscalationToManager } from '../escalation/escalation.timers';
import { isAcknowledged, isOpen } from '../incident-snapshot/incident-snapshot.domain';
import { tierAbove } from '../stakeholder/stakeholder.domain';
import type { SnapshotChange } from '../incident-snapshot/incident-snapshot.domain';
import type { IncidentSnapshot } from '../incident-snapshot/incident-snapshot.entity';
import { recordSnapshotChange } from '../incident-snapshot/incident-snapshot.store';
import type { NotificationPlanner, TriggerSource } from './notification.planner';

type Event<TDef> = Envelope<EventData<TDef>>;

/**
 * What the notification service does on each incident event, in the consumer's transaction: keep the
 * incident's snapshot, then tell whoever the rules say. Consumers are thin: one method each.
 *
 * Safe with several events at once (NOTIFICATION_CONSUMER_CONCURRENCY), whatever their order: each method
 * first locks the incident's snapshot row (`recordSnapshotChange`) and does everything else under that
 * lock, so one incident's events (of any subject, and its escalation timer) take turns; the snapshot's
 * parts are versioned, so a late, older fact changes nothing; an announcement about an incident not known
 * yet is deferred under the same lock that incident.created takes to announce it; deliveries are unique
 * per (event, recipient, channel). The only other rows locked are the event's own (inbox, deliveries,
 * outbox) and the incident's timer, after its snapshot, as the scheduler orders them: no lock cycle.
 */
export class NotificationReactions {
  constructor(
    private readonly planner: NotificationPlanner,
    /** Hierarchical escalation: how long after a missed response target management is told. */
    private readonly escalateToManagerAfterMs: number,
  ) {}

  async incidentCreated(event: Event<typeof incidentCreatedV1>, manager: EntityManager): Promise<void> {
    const { data } = event;
    const { snapshot: incident, before } = await recordSnapshotChange(manager, data.incidentId, {
      kind: 'created',
      version: event.aggregate.version,
      number: data.number,
      title: data.title,
      incidentKind: data.kind,
      channel: data.channel,
      priority: data.priority,
      status: data.status,
      affectedServices: data.affectedServices,
      category: data.category,
      reporter: data.reporter,
      supportTier: data.supportTier ?? 'L1',
      reportedAt: new Date(data.reportedAt),
    });
    await this.planner.announce(manager, incident, { source: sourceOf(event), trigger: 'INCIDENT_CREATED' });
    // Announcements are deferred only under the lock of a row that exists with createdSeen false: none
    // can be waiting for an incident this event is the first news of (the common case, one query less).
    if (before && !before.createdSeen) await this.planner.announceDeferred(manager, incident);
  }

  async statusChanged(event: Event<typeof incidentStatusChangedV1>, manager: EntityManager): Promise<void> {
    const { data } = event;
    const incident = await this.record(manager, event, {
      kind: 'status',
      version: event.aggregate.version,
      number: data.number,
      status: data.to,
      priority: data.priority,
      major: data.major,
    });
    if (isAcknowledged(incident) || !isOpen(incident)) await cancelEscalation(manager, incident.id);
    if (data.to === 'RESOLVED') {
      await this.planner.announce(manager, incident, {
        source: sourceOf(event),
        trigger: 'INCIDENT_RESOLVED',
        details: { resolution: data.reason?.trim() || null },
      });
    }
  }

  async priorityChanged(
    event: Event<typeof incidentPriorityChangedV1>,
    manager: EntityManager,
  ): Promise<void> {
    await this.record(manager, event, {
      kind: 'priority',
      version: event.aggregate.version,
      number: event.data.number,
      priority: event.data.to.priority,
    });
  }

  async assigned(event: Event<typeof incidentAssignedV1>, manager: EntityManager): Promise<void> {
    const { data } = event;
    await this.record(manager, event, {
      kind: 'ownership',
      version: event.aggregate.version,
      number: data.number,
      priority: data.priority,
      supportTier: data.to.supportTier,
      assignmentGroup: data.to.assignmentGroup,
      assignee: data.to.assignee,
    });
  }

  async escalated(event: Event<typeof incidentEscalatedV1>, manager: EntityManager): Promise<void> {
    const { data } = event;
    await this.record(manager, event, {
      kind: 'ownership',
      version: event.aggregate.version,
      number: data.number,
      priority: data.priority,
      supportTier: data.toTier,
      assignmentGroup: data.assignmentGroup,
      assignee: data.assignee,
    });
  }

  async participantAdded(
    event: Event<typeof incidentParticipantAddedV1>,
    manager: EntityManager,
  ): Promise<void> {
    const { data } = event;
    await this.record(manager, event, {
      kind: 'participant',
      at: Date.parse(event.occurredAt),
      userId: data.userId,
      name: data.name,
      role: data.role,
    });
  }

  async participantRemoved(
    event: Event<typeof incidentParticipantRemovedV1>,
    manager: EntityManager,
  ): Promise<void> {
    await this.record(manager, event, {
      kind: 'participant',
      at: Date.parse(event.occurredAt),
      userId: event.data.userId,
      name: null,
      role: null,
    });
  }

  async majorDeclared(event: Event<typeof incidentMajorDeclaredV1>, manager: EntityManager): Promise<void> {
    const { data } = event;
    const incident = await this.record(manager, event, {
      kind: 'major',
      version: event.aggregate.version,
      number: data.number,
      priority: data.priority,
      impactStatement: data.impactStatement,
    });
    await this.planner.announce(manager, incident, { source: sourceOf(event), trigger: 'MAJOR_DECLARED' });
  }

  async serviceRestored(
    event: Event<typeof incidentServiceRestoredV1>,
    manager: EntityManager,
  ): Promise<void> {
    const incident = await this.record(manager, event, { kind: 'mentioned', number: event.data.number });
    await this.planner.announce(manager, incident, {
      source: sourceOf(event),
      trigger: 'SERVICE_RESTORED',
      details: { restorationNote: event.data.note },
    });
  }

  /**
   * A status update goes to the stakeholder groups it names, and always to key stakeholders (DOMAIN.md:
   * they get regular status updates); person audiences of the rules (the team, the reporter) are kept.
   */
  async statusUpdatePublished(
    event: Event<typeof incidentStatusUpdatePublishedV1>,
    manager: EntityManager,
  ): Promise<void> {
    const { data } = event;
    const incident = await this.record(manager, event, { kind: 'mentioned' });
    await this.planner.announce(manager, incident, {
      source: sourceOf(event),
      trigger: 'STATUS_UPDATE_PUBLISHED',
      details: {
        statusUpdate: {
          impact: data.impact,
          currentStatus: data.currentStatus,
          actions: data.actions,
          nextUpdateDueAt: data.nextUpdateDueAt,
        },
      },
      namedAudiences: [...data.audiences, 'KEY_STAKEHOLDERS'],
    });
  }

  /** The reminder to the major incident manager and communications lead; none once resolved. */
  async statusUpdateOverdue(
    event: Event<typeof incidentStatusUpdateOverdueV1>,
    manager: EntityManager,
  ): Promise<void> {
    const incident = await this.record(manager, event, { kind: 'mentioned' });
    if (!isOpen(incident)) return;
    await this.planner.announce(manager, incident, {
      source: sourceOf(event),
      trigger: 'STATUS_UPDATE_OVERDUE',
      details: { overdue: { dueAt: event.data.dueAt, lastUpdateAt: event.data.lastUpdateAt } },
    });
  }

  /**
   * Functional escalation of an unacknowledged incident: its first-response target passed (the incident
   * service's own SLA timer says so), so the next tier's teams are told at once, and a durable timer
   * tells management later if still nobody responds.
   */
  async slaBreached(event: Event<typeof incidentSlaBreachedV1>, manager: EntityManager): Promise<void> {
    const { data } = event;
    const incident = await this.record(manager, event, {
      kind: 'priority',
      version: event.aggregate.version,
      number: data.number,
      priority: data.priority,
    });
    if (data.metric !== 'FIRST_RESPONSE' || !isOpen(incident) || isAcknowledged(incident)) return;
    const escalation = {
      responseDueAt: data.dueAt,
      fromTier: incident.supportTier,
      toTier: tierAbove(incident.supportTier),
    };
    await this.planner.announce(manager, incident, {
      source: sourceOf(event),
      trigger: 'RESPONSE_OVERDUE',
      details: { escalation },
    });
    await scheduleEscalationToManager(
      manager,
      { incidentId: incident.id, breachEventId: event.id, ...escalation },
      new Date(Date.parse(data.detectedAt) + this.escalateToManagerAfterMs),
    );
  }

  private async record(
    manager: EntityManager,
    event: Envelope<{ incidentId: string }>,
    change: SnapshotChange,
  ): Promise<IncidentSnapshot> {
    return (await recordSnapshotChange(manager, event.data.incidentId, change)).snapshot;
  }
}

function sourceOf(event: Envelope): TriggerSource {
  return {
    id: event.id,
    type: event.type,
    correlationId: event.correlationId,
    occurredAt: new Date(event.occurredAt),
  };
}
