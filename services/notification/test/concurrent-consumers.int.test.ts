import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import {
  incidentCreatedV1,
  incidentMajorDeclaredV1,
  incidentParticipantAddedV1,
  incidentParticipantRemovedV1,
  incidentStatusChangedV1,
  incidentStatusUpdatePublishedV1,
} from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import type { RunningService } from '@mim/service-kit';
import { type TestService, eventually, publishEvent, startTestService } from '@mim/testing';
import type { DataSource } from 'typeorm';
import { type NotificationEnv, readEnv } from '../src/env';
import { notificationService } from '../src/service-definition';

/**
 * The consumers handling several events at once (NOTIFICATION_CONSUMER_CONCURRENCY 4): a burst of every
 * kind of event for many incidents, several of one incident on one subject back to back, published out
 * of order (announcements before incident.created, the resolution before the acknowledgement). The
 * outcome must be exactly what one event at a time in order gives: every delivery once, every snapshot
 * complete. Without the snapshot's row lock, concurrent events of one incident lose each other's
 * updates (a participant, the newer status) and this test fails.
 */
describe('notification consumers, several events at once (real PostgreSQL and NATS)', () => {
  let testService: TestService<NotificationEnv>;
  let service: RunningService;
  let db: DataSource;

  beforeAll(async () => {
    testService = await startTestService(notificationService, readEnv, {
      label: 'notification_concurrency',
      overrides: {
        NOTIFICATION_CONSUMER_CONCURRENCY: '4',
        DATABASE_POOL_SIZE: '10',
        // Nothing listens there: email and webhook deliveries stay pending, which is all this test reads.
        SMTP_URL: 'smtp://127.0.0.1:9',
        NOTIFICATION_RETRY_BASE_MS: '600000',
      },
    });
    service = testService.service;
    db = service.deps.dataSource;
    await seedDirectory();
  });
  afterAll(async () => {
    await testService?.stop();
  });

  const webhookId = randomUUID();

  /** Who hears what, with the default rules and the directory below. */
  const expectedDeliveries = {
    created: (reporter: string) => [`${reporter} IN_APP`],
    declared: [
      'tech-1 IN_APP',
      'tech-1 EMAIL',
      `webhook:${webhookId} WEBHOOK`,
      'mgr-1 IN_APP',
      'mgr-1 EMAIL',
      'user-1 IN_APP',
      'user-1 EMAIL',
    ],
    acknowledged: [] as string[],
    // Major: management and users too, besides the reporter.
    resolved: (reporter: string) => [
      'mgr-1 IN_APP',
      'mgr-1 EMAIL',
      'user-1 IN_APP',
      'user-1 EMAIL',
      `${reporter} IN_APP`,
    ],
    // To the audience it names, and always to key stakeholders.
    update: ['mgr-1 IN_APP', 'mgr-1 EMAIL', 'key-1 IN_APP', 'key-1 EMAIL'],
  };

  /** One incident's life as events, in the order the incident service made them. */
  function incidentEvents(index: number) {
    const incidentId = randomUUID();
    const number = `INC-${String(index).padStart(6, '0')}`;
    const reporter = `reporter-${index}`;
    const correlationId = `corr-${incidentId}`;
    const at = Date.now();
    const envelope = (version: number, offsetMs = 0) => ({
      aggregateId: incidentId,
      aggregateVersion: version,
      actor: { kind: 'user' as const, id: 'mim-1' },
      correlationId,
      occurredAt: new Date(at + offsetMs),
    });
    const status = (version: number, to: 'ACKNOWLEDGED' | 'RESOLVED', from: 'NEW' | 'ACKNOWLEDGED') =>
      newEvent(incidentStatusChangedV1, {
        ...envelope(version, version),
        data: {
          incidentId,
          number,
          from,
          to,
          priority: 'P1',
          reporterId: reporter,
          reason: to === 'RESOLVED' ? 'Rolled back' : null,
          changedAt: new Date(at + version).toISOString(),
          major: true,
        },
      });
    const added = (
      offsetMs: number,
      userId: string,
      role: 'MAJOR_INCIDENT_MANAGER' | 'COMMUNICATIONS_LEAD' | 'TECHNICAL_STAFF',
    ) =>
      newEvent(incidentParticipantAddedV1, {
        ...envelope(2, offsetMs),
        data: { incidentId, userId, name: userId, role },
      });
    const events = {
      created: newEvent(incidentCreatedV1, {
        ...envelope(1),
        data: {
          ...incidentCreatedV1.example,
          incidentId,
          number,
          priority: 'P1',
          status: 'NEW',
          affectedServices: ['checkout'],
          reporter: { id: reporter, name: reporter, email: null },
          supportTier: 'L1',
        },
      }),
      declared: newEvent(incidentMajorDeclaredV1, {
        ...envelope(2, 2),
        data: {
          incidentId,
          number,
          priority: 'P1',
          impactStatement: 'Nobody can pay',
          declaredAt: new Date(at + 2).toISOString(),
        },
      }),
      acknowledged: status(3, 'ACKNOWLEDGED', 'NEW'),
      resolved: status(4, 'RESOLVED', 'ACKNOWLEDGED'),
      update: newEvent(incidentStatusUpdatePublishedV1, {
        ...envelope(2, 5),
        data: {
          incidentId,
          updateId: randomUUID(),
          audiences: ['MANAGEMENT'],
          impact: 'Nobody can pay',
          currentStatus: 'Rolling back',
          actions: null,
          nextUpdateDueAt: null,
          publishedAt: new Date(at + 5).toISOString(),
        },
      }),
      mim: added(10, `mim-${index}`, 'MAJOR_INCIDENT_MANAGER'),
      lead: added(11, `cl-${index}`, 'COMMUNICATIONS_LEAD'),
      staff: added(12, `staff-${index}`, 'TECHNICAL_STAFF'),
      staffAgain: added(13, `staff2-${index}`, 'TECHNICAL_STAFF'),
      staffRemoved: newEvent(incidentParticipantRemovedV1, {
        ...envelope(2, 14),
        data: { incidentId, userId: `staff-${index}`, role: 'TECHNICAL_STAFF' },
      }),
    };
    return { incidentId, reporter, events };
  }
  type Incident = ReturnType<typeof incidentEvents>;
  type EventName = keyof Incident['events'];

  /**
   * Publishing orders: the incident service's, and worse ones. Events of one incident on one subject are
   * adjacent, so a consumer takes them in the same batch and handles them at once.
   */
  const orders: EventName[][] = [
    [
      'created',
      'declared',
      'mim',
      'lead',
      'staff',
      'staffAgain',
      'staffRemoved',
      'update',
      'acknowledged',
      'resolved',
    ],
    [
      'resolved',
      'acknowledged',
      'staffRemoved',
      'staffAgain',
      'staff',
      'lead',
      'mim',
      'update',
      'declared',
      'created',
    ],
    [
      'staff',
      'mim',
      'staffAgain',
      'lead',
      'declared',
      'update',
      'resolved',
      'acknowledged',
      'created',
      'staffRemoved',
    ],
  ];

  it('applies a burst exactly: each delivery once, each snapshot complete, nothing left deferred', async () => {
    const incidents = Array.from({ length: 60 }, (_, index) => incidentEvents(index));
    const burst = incidents.flatMap((incident, index) =>
      orders[index % orders.length]!.map((name) => incident.events[name]),
    );
    const started = Date.now();
    await Promise.all(burst.map((event) => publishEvent(service.deps.bus, event)));
    await eventually(
      async () => {
        const [row] = await db.query<[{ n: number }]>(
          `SELECT count(*)::int AS n FROM inbox_message WHERE event_id = ANY($1::uuid[])`,
          [burst.map((event) => event.id)],
        );
        expect(row.n).toBe(burst.length);
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    console.info(`${burst.length} events handled in ${Date.now() - started} ms (12 consumers x 4)`);

    // Every delivery once: exactly the planned (event, recipient, channel) triples.
    const rows = await db.query<Array<{ source_event_id: string; recipient_id: string; channel: string }>>(
      `SELECT source_event_id, recipient_id, channel FROM notification WHERE incident_id = ANY($1::uuid[])`,
      [incidents.map((incident) => incident.incidentId)],
    );
    const found = rows.map((row) => `${row.source_event_id} ${row.recipient_id} ${row.channel}`).sort();
    const expected = incidents
      .flatMap(({ events, reporter }) => [
        ...expectedDeliveries.created(reporter).map((who) => `${events.created.id} ${who}`),
        ...expectedDeliveries.declared.map((who) => `${events.declared.id} ${who}`),
        ...expectedDeliveries.acknowledged.map((who) => `${events.acknowledged.id} ${who}`),
        ...expectedDeliveries.resolved(reporter).map((who) => `${events.resolved.id} ${who}`),
        ...expectedDeliveries.update.map((who) => `${events.update.id} ${who}`),
      ])
      .sort();
    expect(found).toEqual(expected);

    // Every snapshot as if the events had come one at a time, in order.
    const snapshots = await db.query<
      Array<{
        id: string;
        created_seen: boolean;
        status: string;
        status_version: number;
        major: boolean;
        reporter_id: string;
        participants: Record<string, { role: string | null }>;
      }>
    >(
      `SELECT id, created_seen, status, status_version, major, reporter_id, participants
         FROM incident_snapshot WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [incidents.map((incident) => incident.incidentId)],
    );
    const roles = (participants: Record<string, { role: string | null }>) =>
      Object.fromEntries(Object.entries(participants).map(([userId, { role }]) => [userId, role]));
    expect(
      snapshots.map((snapshot) => ({
        id: snapshot.id,
        createdSeen: snapshot.created_seen,
        status: `${snapshot.status} v${snapshot.status_version}`,
        major: snapshot.major,
        reporter: snapshot.reporter_id,
        roles: roles(snapshot.participants),
      })),
    ).toEqual(
      incidents
        .map((incident, index) => ({
          id: incident.incidentId,
          createdSeen: true,
          status: 'RESOLVED v4',
          major: true,
          reporter: incident.reporter,
          roles: {
            [`mim-${index}`]: 'MAJOR_INCIDENT_MANAGER',
            [`cl-${index}`]: 'COMMUNICATIONS_LEAD',
            [`staff-${index}`]: null,
            [`staff2-${index}`]: 'TECHNICAL_STAFF',
          },
        }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    );

    // Nothing waits for an incident.created that came, and no escalation timer outlives the resolution.
    const [left] = await db.query<[{ deferred: number; timers: number }]>(
      `SELECT (SELECT count(*) FROM deferred_announcement WHERE incident_id = ANY($1::uuid[]))::int AS deferred,
              (SELECT count(*) FROM scheduled_job WHERE payload->>'incidentId' = ANY($1::text[]))::int AS timers`,
      [incidents.map((incident) => incident.incidentId)],
    );
    expect(left).toEqual({ deferred: 0, timers: 0 });
  });

  async function seedDirectory(): Promise<void> {
    const groups = {
      tech: randomUUID(),
      management: randomUUID(),
      key: randomUUID(),
    };
    await db.query(
      `INSERT INTO stakeholder_group (id, name, kind, services, support_tier) VALUES
         ($1, 'Checkout L1', 'TECHNICAL_TEAM', '{checkout}', 'L1'),
         ($2, 'Management', 'MANAGEMENT', '{}', NULL),
         ($3, 'Heads of department', 'KEY_STAKEHOLDERS', '{checkout}', NULL)`,
      [groups.tech, groups.management, groups.key],
    );
    const people: Array<[string, string | null, string[]]> = [
      ['tech-1', groups.tech, []],
      ['mgr-1', groups.management, []],
      ['key-1', groups.key, []],
      ['user-1', null, ['checkout']],
    ];
    for (const [userId, groupId, services] of people) {
      const id = randomUUID();
      await db.query(
        `INSERT INTO stakeholder (id, user_id, name, email, locale) VALUES ($1, $2, $2, $3, 'en')`,
        [id, userId, `${userId}@example.com`],
      );
      if (groupId) {
        await db.query(`INSERT INTO stakeholder_group_member (group_id, stakeholder_id) VALUES ($1, $2)`, [
          groupId,
          id,
        ]);
      }
      for (const serviceName of services) {
        await db.query(`INSERT INTO service_subscription (stakeholder_id, service) VALUES ($1, $2)`, [
          id,
          serviceName,
        ]);
      }
    }
    await db.query(
      `INSERT INTO webhook_endpoint (id, group_id, name, url, format, secret, enabled)
       VALUES ($1, $2, 'checkout-hook', 'http://127.0.0.1:9/hook', 'SLACK', 'whsec_test', true)`,
      [webhookId, groups.tech],
    );
  }
});
