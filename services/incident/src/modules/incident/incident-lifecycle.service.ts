import { type RequestMeta, parseInput } from '@mim/service-kit';
import type { EntityManager } from 'typeorm';
import { type LifecycleCommand, type LifecyclePolicy, transition } from './incident.domain';
import type { Incident } from './incident.entity';
import { statusChangedEvent } from './incident-events';
import { actorOf, statusChangedEntry } from './incident.history';
import {
  holdIncidentInput,
  reasonedChangeInput,
  resolveIncidentInput,
  versionedChangeInput,
} from './incident.input';
import { requirePermission } from './incident.permissions';
import type { IncidentUpdate, IncidentUpdater } from './incident-updater';

/**
 * The lifecycle, one use case per intent. Each checks who may (FORBIDDEN), validates (BAD_USER_INPUT),
 * then lets the pure `transition` decide (CONFLICT, INVALID_TRANSITION) and records the change on the
 * timeline and as incident.status_changed.v1, all in one transaction.
 */
export class IncidentLifecycleService {
  constructor(
    private readonly updater: IncidentUpdater,
    private readonly policy: LifecyclePolicy,
  ) {}

  acknowledge(meta: RequestMeta, rawArgs: unknown): Promise<Incident> {
    return this.simple(meta, rawArgs, { action: 'acknowledge' });
  }

  start(meta: RequestMeta, rawArgs: unknown): Promise<Incident> {
    return this.simple(meta, rawArgs, { action: 'start' });
  }

  resume(meta: RequestMeta, rawArgs: unknown): Promise<Incident> {
    return this.simple(meta, rawArgs, { action: 'resume' });
  }

  close(meta: RequestMeta, rawArgs: unknown): Promise<Incident> {
    return this.simple(meta, rawArgs, { action: 'close' });
  }

  hold(meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    requirePermission(meta.caller, 'hold');
    const input = parseInput(holdIncidentInput, rawInput);
    return this.apply(meta, input, { action: 'hold', reason: input.reason, note: input.note });
  }

  resolve(meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    requirePermission(meta.caller, 'resolve');
    const input = parseInput(resolveIncidentInput, rawInput);
    return this.apply(meta, input, {
      action: 'resolve',
      code: input.resolutionCode,
      notes: input.resolutionNotes,
    });
  }

  /**
   * `resolve` inside the caller's transaction (alert intake resolving the incident of a resolved
   * alert, as a system caller that read the incident's version in the same transaction).
   */
  resolveWithin(manager: EntityManager, meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    requirePermission(meta.caller, 'resolve');
    const input = parseInput(resolveIncidentInput, rawInput);
    const command = { action: 'resolve', code: input.resolutionCode, notes: input.resolutionNotes } as const;
    return this.updater.updateWithin(manager, meta, input.id, (incident, at) =>
      this.decide(meta, input, command, incident, at),
    );
  }

  reopen(meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    requirePermission(meta.caller, 'reopen');
    const input = parseInput(reasonedChangeInput, rawInput);
    return this.apply(meta, input, { action: 'reopen', reason: input.reason });
  }

  cancel(meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    requirePermission(meta.caller, 'cancel');
    const input = parseInput(reasonedChangeInput, rawInput);
    return this.apply(meta, input, { action: 'cancel', reason: input.reason });
  }

  private simple(
    meta: RequestMeta,
    rawArgs: unknown,
    command: Extract<LifecycleCommand, { action: 'acknowledge' | 'start' | 'resume' | 'close' }>,
  ): Promise<Incident> {
    requirePermission(meta.caller, command.action);
    return this.apply(meta, parseInput(versionedChangeInput, rawArgs), command);
  }

  private apply(
    meta: RequestMeta,
    target: { id: string; expectedVersion: number },
    command: LifecycleCommand,
  ): Promise<Incident> {
    return this.updater.update(meta, target.id, (incident, at) =>
      this.decide(meta, target, command, incident, at),
    );
  }

  private decide(
    meta: RequestMeta,
    target: { expectedVersion: number },
    command: LifecycleCommand,
    incident: Readonly<Incident>,
    at: Date,
  ): IncidentUpdate {
    const { state, change } = transition(incident, target.expectedVersion, command, at, this.policy);
    return {
      type: 'status_changed',
      changes: state,
      timeline: [statusChangedEntry(change, actorOf(meta.caller), at)],
      events: (updated) => [statusChangedEvent(updated, change, meta, at)],
    };
  }
}
