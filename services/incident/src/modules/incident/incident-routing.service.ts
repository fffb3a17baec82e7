import { type RequestMeta, parseInput } from '@mim/service-kit';
import { reclassify } from './classification.domain';
import type { Incident } from './incident.entity';
import { assignedEvent, escalatedEvent, priorityChangedEvent } from './incident-events';
import {
  assignedEntry,
  functionalEscalationEntry,
  hierarchicalEscalationEntry,
  priorityChangedEntry,
  actorOf,
} from './incident.history';
import {
  assignIncidentInput,
  escalateIncidentInput,
  escalateIncidentToManagerInput,
  reclassifyIncidentInput,
} from './incident.input';
import { requirePermission } from './incident.permissions';
import type { IncidentUpdater } from './incident-updater';
import { assign, escalateFunctionally, escalateHierarchically, ownershipOf } from './ownership.domain';
import type { PriorityMatrix } from './priority';

/**
 * How urgent an incident is and who works on it: reclassification (priority), assignment, functional
 * and hierarchical escalation. Each is one transaction with its timeline entry and event.
 */
export class IncidentRoutingService {
  constructor(
    private readonly updater: IncidentUpdater,
    private readonly matrix?: PriorityMatrix,
  ) {}

  reclassify(meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    requirePermission(meta.caller, 'reclassify');
    const input = parseInput(reclassifyIncidentInput, rawInput);
    return this.updater.update(meta, input.id, (incident, at) => {
      const { state, from, to } = reclassify(incident, input.expectedVersion, input, this.matrix);
      const change = { from, to, reason: input.reason };
      return {
        type: 'priority_changed',
        changes: state,
        timeline: [priorityChangedEntry(change, actorOf(meta.caller), at)],
        events: (updated) => [priorityChangedEvent(updated, change, meta, at)],
      };
    });
  }

  assign(meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    requirePermission(meta.caller, 'assign');
    const input = parseInput(assignIncidentInput, rawInput);
    return this.updater.update(meta, input.id, (incident, at) => {
      const { state, from, to } = assign(incident, input.expectedVersion, input);
      return {
        type: 'assigned',
        changes: state,
        timeline: [assignedEntry({ from, to }, actorOf(meta.caller), at)],
        events: (updated) => [assignedEvent(updated, { from, to }, meta, at)],
      };
    });
  }

  escalate(meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    requirePermission(meta.caller, 'escalateFunctionally');
    const input = parseInput(escalateIncidentInput, rawInput);
    return this.updater.update(meta, input.id, (incident, at) => {
      const { state, from, to } = escalateFunctionally(incident, input.expectedVersion, {
        assignmentGroup: input.assignmentGroup ?? null,
      });
      const change = { kind: 'FUNCTIONAL' as const, from, to, manager: null, reason: input.reason };
      return {
        type: 'escalated',
        changes: state,
        timeline: [functionalEscalationEntry(change, actorOf(meta.caller), at)],
        events: (updated) => [escalatedEvent(updated, change, meta, at)],
      };
    });
  }

  escalateToManager(meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    requirePermission(meta.caller, 'escalateHierarchically');
    const input = parseInput(escalateIncidentToManagerInput, rawInput);
    return this.updater.update(meta, input.id, (incident, at) => {
      const { state, previousManager } = escalateHierarchically(incident, input.expectedVersion, input);
      const ownership = ownershipOf(state);
      const change = {
        kind: 'HIERARCHICAL' as const,
        from: ownership,
        to: ownership,
        manager: input.manager,
        previousManager,
        reason: input.reason,
      };
      return {
        type: 'escalated',
        changes: state,
        timeline: [hierarchicalEscalationEntry(change, actorOf(meta.caller), at)],
        events: (updated) => [escalatedEvent(updated, change, meta, at)],
      };
    });
  }
}
