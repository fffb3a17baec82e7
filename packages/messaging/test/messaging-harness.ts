import 'reflect-metadata';
import { type EventDefinition, type EventData, incidentCreatedV1 } from '@mim/contracts';
import { createLogger, createMetrics } from '@mim/observability';
import { createMigratedTestDatabase, type TestDatabase } from '@mim/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  CreateMessagingTables1763800000000,
  type EventBus,
  EventConsumer,
  type EventTopology,
  InboxMessage,
  OutboxMessage,
  appendToOutbox,
  connectEventBus,
  newEvent,
} from '../src';

/** A database with the messaging tables plus an `applied` table that test handlers write their effect to. */
export async function messagingDatabase(
  label: string,
): Promise<{ database: TestDatabase; dataSource: DataSource }> {
  const { database, dataSource } = await createMigratedTestDatabase(label, {
    entities: [OutboxMessage, InboxMessage],
    migrations: [CreateMessagingTables1763800000000],
  });
  await dataSource.query(`CREATE TABLE applied (event_id uuid NOT NULL, consumer text NOT NULL)`);
  return { database, dataSource };
}

export const silentLogger = createLogger({
  service: 'messaging-test',
  level: process.env.TEST_LOG_LEVEL ?? 'silent',
});

export function bus(servers: string, topology: EventTopology): Promise<EventBus> {
  return connectEventBus({ servers: [servers], name: 'messaging-test', topology, logger: silentLogger });
}

export function incidentCreated(title = 'Disk full on db-1') {
  const incidentId = randomUUID();
  return newEvent(incidentCreatedV1, {
    aggregateId: incidentId,
    aggregateVersion: 1,
    actor: { kind: 'user', id: 'tech-1' },
    correlationId: randomUUID(),
    data: {
      incidentId,
      number: 'INC-000001',
      title,
      kind: 'INCIDENT',
      channel: 'MONITORING',
      impact: 'MODERATE',
      urgency: 'HIGH',
      priority: 'P4',
      status: 'NEW',
      reporter: { id: 'tech-1', name: 'Tess', email: null },
      affectedServices: ['db'],
      category: null,
      reportedAt: new Date().toISOString(),
      failureStartedAt: null,
    },
  });
}

/** Commits events to the outbox as a use case would. */
export async function commitToOutbox(dataSource: DataSource, events: ReturnType<typeof incidentCreated>[]) {
  await dataSource.transaction((manager) => appendToOutbox(manager, events));
}

/** A consumer whose handler records its effect in `applied`, failing for titles listed in `failFor`. */
export function recordingConsumer<TDef extends EventDefinition>(options: {
  service: string;
  definition: TDef;
  dataSource: DataSource;
  bus: EventBus;
  failFor?: (data: EventData<TDef>) => boolean;
  concurrency?: number;
  /** Called inside the handler before it records, e.g. to hold it for a while. */
  during?: () => Promise<void>;
}) {
  return new EventConsumer({
    service: options.service,
    definition: options.definition,
    dataSource: options.dataSource,
    bus: options.bus,
    logger: silentLogger,
    metrics: createMetrics(options.service),
    maxDeliver: 3,
    retryDelaysMs: [100, 200],
    ackWaitMs: 1500,
    concurrency: options.concurrency,
    handler: async (event, manager: EntityManager) => {
      if (options.failFor?.(event.data)) throw new Error(`handler refuses ${event.id}`);
      await options.during?.();
      await manager.query(`INSERT INTO applied (event_id, consumer) VALUES ($1, $2)`, [
        event.id,
        options.service,
      ]);
    },
  });
}

export async function appliedCount(dataSource: DataSource, eventId?: string): Promise<number> {
  const [row] = await dataSource.query<[{ n: number }]>(
    eventId
      ? `SELECT count(*)::int AS n FROM applied WHERE event_id = $1`
      : `SELECT count(*)::int AS n FROM applied`,
    eventId ? [eventId] : [],
  );
  return row.n;
}
