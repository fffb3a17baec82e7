import { type RequestMeta, parseInput } from '@mim/service-kit';
import type { EntityManager } from 'typeorm';
import type { FixingChangeReader } from '../fixing-change/fixing-change.service';
import { type LifecycleCommand, type LifecyclePolicy, transition } from './incident.domain';
import type { Incident } from './incident.entity';
import { statusChangedEvent } from './incident-events';
import { actorOf, statusChangedEntry } from './incident.history';
import {
  type ResolveIncidentInput,
  holdIncidentInput,
  reasonedChangeInput,
  resolveIncidentInput,
  versionedChangeInput,
} from './incident.input';
import { requirePermission } from './incident.permissions';
import type { IncidentUpdate, IncidentUpdater } from './incident-updater';

/**
 * The lifecycle, one use case per intent. Each checks who may (FORBIDDEN), validates (BAD_USER_INPUT),
 * then lets the pure `transition` decide (CONFLICT, INVALID_TRANSITION, FIX_NOT_IMPLEMENTED) and
 * records the change on the timeline and as incident.status_changed.v1, all in one transaction.
 */
export class IncidentLifecycleService {
  constructor(
    private readonly updater: IncidentUpdater,
    private readonly policy: LifecyclePolicy,
    private readonly fixingChanges: FixingChangeReader,
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

  /**
   * A major incident's fixing changes (the read model, fed by the change service's events) are read
   * after its row is locked, in the same transaction: the rule sees what was committed before it.
   */
  resolve(meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    requirePermission(meta.caller, 'resolve');
    const input = parseInput(resolveIncidentInput, rawInput);
    return this.updater.update(
      meta,
      input.id,
      (incident, at, manager) => this.decideResolution(manager, meta, input, incident, at),
      { at: input.at },
    );
  }

  /**
   * `resolve` inside the caller's transaction (alert intake resolving the incident of a resolved
   * alert, as a system caller that read the incident's version in the same transaction).
   */
  resolveWithin(manager: EntityManager, meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    requirePermission(meta.caller, 'resolve');
    const input = parseInput(resolveIncidentInput, rawInput);
    return this.updater.updateWithin(manager, meta, input.id, (incident, at) =>
      this.decideResolution(manager, meta, input, incident, at),
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
    target: { id: string; expectedVersion: number; at?: Date | null },
    command: LifecycleCommand,
  ): Promise<Incident> {
    return this.updater.update(
      meta,
      target.id,
      (incident, at) => this.decide(meta, target, command, incident, at),
      { at: target.at },
    );
  }

  private async decideResolution(
    manager: EntityManager,
    meta: RequestMeta,
    input: ResolveIncidentInput,
    incident: Readonly<Incident>,
    at: Date,
  ): Promise<IncidentUpdate> {
    const fixingChanges = incident.isMajor
      ? await this.fixingChanges.ofIncidentWithin(manager, incident.id)
      : [];
    return this.decide(
      meta,
      input,
      {
        action: 'resolve',
        code: input.resolutionCode,
        notes: input.resolutionNotes,
        withoutChangeReason: input.resolutionWithoutChangeReason,
        fixingChanges,
      },
      incident,
      at,
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
