import { randomUUID } from 'node:crypto';
import type { Actor, Envelope, EventData, EventDefinition } from '@mim/contracts';

export interface NewEventInput<TDef extends EventDefinition> {
  aggregateId: string;
  aggregateVersion: number;
  actor: Actor;
  correlationId: string;
  data: EventData<TDef>;
  occurredAt?: Date;
}

/** Builds an envelope for a declared event, validating its data against the contract (producer side). */
export function newEvent<TDef extends EventDefinition>(
  definition: TDef,
  input: NewEventInput<TDef>,
): Envelope<EventData<TDef>> & { subject: TDef['subject'] } {
  const data = definition.data.parse(input.data) as EventData<TDef>;
  return {
    subject: definition.subject,
    id: randomUUID(),
    type: definition.type,
    version: definition.version,
    occurredAt: (input.occurredAt ?? new Date()).toISOString(),
    aggregate: { type: definition.aggregateType, id: input.aggregateId, version: input.aggregateVersion },
    actor: input.actor,
    correlationId: input.correlationId,
    data,
  };
}
