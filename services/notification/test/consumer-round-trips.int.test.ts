import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import {
  incidentCreatedV1,
  incidentMajorDeclaredV1,
  incidentStatusChangedV1,
  incidentStatusUpdatePublishedV1,
} from '@mim/contracts';
import { type EventHandler, newEvent, processOnce } from '@mim/messaging';
import {
  type MigratedTestDatabase,
  createMigratedTestDatabase,
  testEventTopology,
  testServiceEnv,
} from '@mim/testing';
import { entities, migrations } from '../src/data-source';
import { readEnv } from '../src/env';
import { createNotificationModule } from '../src/notification-module';
import type { NotificationReactions } from '../src/modules/notification/notification.reactions';

/**
 * What one event costs the notification service in SQL round trips (BEGIN and COMMIT included), through
 * the consumers' own path (`processOnce` + the reaction), on a database nobody else uses. The counts are
 * exact and asserted, so a change that adds a round trip to the hot path shows up here; the time per
 * event is printed only (machines differ).
 */
describe('notification consumers: SQL round trips per event (real PostgreSQL)', () => {
  let db: MigratedTestDatabase;
  let reactions: NotificationReactions;
  let statements: string[] = [];

  beforeAll(async () => {
    db = await createMigratedTestDatabase('notification_round_trips', { entities, migrations });
    const { logger } = db.dataSource;
    const logQuery = logger.logQuery.bind(logger);
    logger.logQuery = (query, parameters, queryRunner) => {
      statements.push(query.replace(/\s+/g, ' ').slice(0, 80));
      logQuery(query, parameters, queryRunner);
    };
    reactions = createNotificationModule(
      db.dataSource,
      readEnv(testServiceEnv({ databaseUrl: db.database.url, topology: testEventTopology() })),
    ).reactions;
    await seedDirectory();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  /** Handles one event as its consumer does; returns the statements it sent. */
  async function handle<TData>(
    consumer: string,
    event: { id: string; subject: string } & Parameters<EventHandler<TData>>[0],
    handler: EventHandler<TData>,
  ): Promise<string[]> {
    statements = [];
    expect(await processOnce(db.dataSource, consumer, event, handler)).toBe('processed');
    return statements;
  }

  const created = () => {
    const incidentId = randomUUID();
    return newEvent(incidentCreatedV1, {
      aggregateId: incidentId,
      aggregateVersion: 1,
      actor: { kind: 'user', id: 'reporter-1' },
      correlationId: `corr-${incidentId}`,
      data: {
        ...incidentCreatedV1.example,
        incidentId,
        affectedServices: ['checkout'],
        reporter: { id: 'reporter-1', name: 'Rita Reporter', email: null },
      },
    });
  };
  const onCreated = (event: ReturnType<typeof created>) =>
    handle('created', event, (e, manager) => reactions.incidentCreated(e, manager));

  it('incident.created of a new incident (the reporter told in-app)', async () => {
    const first = await onCreated(created());
    console.info(`incident.created: ${first.length} round trips\n  ${first.join('\n  ')}`);
    const runs = 200;
    const started = process.hrtime.bigint();
    for (let i = 0; i < runs; i += 1) await onCreated(created());
    const perEvent = Number(process.hrtime.bigint() - started) / 1e6 / runs;
    console.info(`incident.created: ${perEvent.toFixed(2)} ms per event, one at a time (${runs} events)`);
    // BEGIN, inbox, snapshot read + insert, rules, reporter's record, deliveries, outbox + its
    // pg_notify, COMMIT.
    expect(first).toHaveLength(10);
  });

  it('the other events of an incident', async () => {
    const incident = created();
    await onCreated(incident);
    const { incidentId, number } = incident.data;
    const envelope = (version: number) => ({
      aggregateId: incidentId,
      aggregateVersion: version,
      actor: { kind: 'user' as const, id: 'mim-1' },
      correlationId: incident.correlationId,
    });

    const acknowledged = await handle(
      'status',
      newEvent(incidentStatusChangedV1, {
        ...envelope(2),
        data: {
          incidentId,
          number,
          from: 'NEW',
          to: 'ACKNOWLEDGED',
          priority: 'P1',
          reporterId: 'reporter-1',
          reason: null,
          changedAt: new Date().toISOString(),
          major: false,
        },
      }),
      (e, manager) => reactions.statusChanged(e, manager),
    );
    const declared = await handle(
      'major',
      newEvent(incidentMajorDeclaredV1, {
        ...envelope(3),
        data: {
          incidentId,
          number,
          priority: 'P1',
          impactStatement: 'Nobody can pay',
          declaredAt: new Date().toISOString(),
        },
      }),
      (e, manager) => reactions.majorDeclared(e, manager),
    );
    const update = await handle(
      'update',
      newEvent(incidentStatusUpdatePublishedV1, {
        ...envelope(3),
        data: {
          incidentId,
          updateId: randomUUID(),
          audiences: ['TECHNICAL_TEAM', 'MANAGEMENT', 'USERS'],
          impact: 'Nobody can pay',
          currentStatus: 'Rolling back',
          actions: null,
          nextUpdateDueAt: null,
          publishedAt: new Date().toISOString(),
        },
      }),
      (e, manager) => reactions.statusUpdatePublished(e, manager),
    );
    console.info(
      [
        `incident.status_changed (acknowledged): ${acknowledged.length}`,
        `incident.major_declared (3 group audiences): ${declared.length}`,
        `incident.status_update_published (4 group audiences): ${update.length}`,
      ].join('\n'),
    );
    // BEGIN, inbox, snapshot read + update, timer cancelled, COMMIT.
    expect(acknowledged).toHaveLength(6);
    // BEGIN, inbox, snapshot read + update, rules, one directory query for all the group audiences,
    // deliveries, outbox + its pg_notify, the dispatcher's pg_notify, COMMIT: as many audiences as they
    // like (it was two queries per group audience).
    expect(declared).toHaveLength(11);
    expect(update).toHaveLength(11);
  });

  async function seedDirectory(): Promise<void> {
    const q = (sql: string, parameters: unknown[]) => db.dataSource.query(sql, parameters);
    const groups = [
      ['TECHNICAL_TEAM', ['checkout'], 'L1'],
      ['MANAGEMENT', [], null],
      ['KEY_STAKEHOLDERS', [], null],
      ['USERS', ['checkout'], null],
    ] as const;
    for (const [index, [kind, services, tier]] of groups.entries()) {
      const groupId = randomUUID();
      await q(
        `INSERT INTO stakeholder_group (id, name, kind, services, support_tier) VALUES ($1, $2, $3, $4, $5)`,
        [groupId, `group-${index}`, kind, services, tier],
      );
      const personId = randomUUID();
      await q(`INSERT INTO stakeholder (id, user_id, name, email, locale) VALUES ($1, $2, $2, $3, 'en')`, [
        personId,
        `person-${index}`,
        `person-${index}@example.com`,
      ]);
      await q(`INSERT INTO stakeholder_group_member (group_id, stakeholder_id) VALUES ($1, $2)`, [
        groupId,
        personId,
      ]);
      await q(
        `INSERT INTO webhook_endpoint (id, group_id, name, url, format, secret, enabled)
         VALUES ($1, $2, $3, 'http://127.0.0.1:9/hook', 'SLACK', 'whsec_test', true)`,
        [randomUUID(), groupId, `hook-${index}`],
      );
    }
  }
});
