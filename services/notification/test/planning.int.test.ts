import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import {
  incidentCreatedV1,
  incidentMajorDeclaredV1,
  incidentParticipantAddedV1,
  incidentParticipantRemovedV1,
  incidentSlaBreachedV1,
  incidentStatusChangedV1,
  incidentStatusUpdateOverdueV1,
  incidentStatusUpdatePublishedV1,
} from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import type { RunningService } from '@mim/service-kit';
import { type TestService, eventually, publishEvent, startTestService } from '@mim/testing';
import type { DataSource } from 'typeorm';
import { type NotificationEnv, readEnv } from '../src/env';
import { notificationService } from '../src/service-definition';

/**
 * Who hears what, end to end inside the notification service: real events on a private stream, the
 * default rules of the migrations, stakeholders stored as data, deliveries read back from the database.
 * Sending them (SMTP, webhooks) is delivery.*.int.test.ts's subject; here the dispatcher has nowhere to
 * send, so email and webhook deliveries are asserted as planned.
 */
describe('notification planning (real PostgreSQL and NATS)', () => {
  let testService: TestService<NotificationEnv>;
  let service: RunningService;
  let db: DataSource;
  let sequence = 500;

  beforeAll(async () => {
    testService = await startTestService(notificationService, readEnv, {
      label: 'notification_planning',
      overrides: {
        // 2.4 s: ample time to acknowledge first in one test, short enough to wait for in another.
        NOTIFICATION_ESCALATE_TO_MANAGER_AFTER_MINUTES: '0.04',
        // Nothing listens there: email and webhook deliveries stay pending, which is all this test reads.
        SMTP_URL: 'smtp://127.0.0.1:9',
        NOTIFICATION_RETRY_BASE_MS: '600000',
      },
    });
    service = testService.service;
    db = service.deps.dataSource;
    await seedStakeholders();
  });
  afterAll(async () => {
    await testService?.stop();
  });

  const publish = (event: { subject: string; id: string }, msgID?: string) =>
    publishEvent(service.deps.bus, event, msgID);

  interface Row {
    recipient_id: string;
    channel: string;
    audience: string;
    status: string;
    locale: string;
    subject: string;
  }
  const deliveriesOf = (sourceEventId: string) =>
    db.query<Row[]>(
      `SELECT recipient_id, channel, audience, status, locale, subject FROM notification
       WHERE source_event_id = $1 ORDER BY recipient_id, channel`,
      [sourceEventId],
    );
  const summary = (rows: Row[]) => rows.map((row) => `${row.recipient_id} ${row.channel} ${row.audience}`);

  /** Waits until an event has been handled (its inbox row), then returns its deliveries. */
  async function handled(eventId: string): Promise<Row[]> {
    await eventually(async () => {
      const [row] = await db.query<[{ n: number }]>(
        `SELECT count(*)::int AS n FROM inbox_message WHERE event_id = $1`,
        [eventId],
      );
      expect(row.n).toBe(1);
    });
    return deliveriesOf(eventId);
  }

  function created(overrides: Partial<(typeof incidentCreatedV1)['example']> = {}) {
    const incidentId = randomUUID();
    sequence += 1;
    return newEvent(incidentCreatedV1, {
      aggregateId: incidentId,
      aggregateVersion: 1,
      actor: { kind: 'user', id: 'reporter-1' },
      correlationId: `corr-${sequence}`,
      data: {
        ...incidentCreatedV1.example,
        incidentId,
        number: `INC-${String(sequence).padStart(6, '0')}`,
        title: 'Checkout returns HTTP 502',
        priority: 'P1',
        status: 'NEW',
        affectedServices: ['checkout'],
        reporter: { id: 'reporter-1', name: 'Rita Reporter', email: 'rita@example.com' },
        supportTier: 'L1',
        ...overrides,
      },
    });
  }
  type Created = ReturnType<typeof created>;

  const declared = (incident: Created, version = 2) =>
    newEvent(incidentMajorDeclaredV1, {
      aggregateId: incident.data.incidentId,
      aggregateVersion: version,
      actor: { kind: 'user', id: 'mim-1' },
      correlationId: incident.correlationId,
      data: {
        incidentId: incident.data.incidentId,
        number: incident.data.number,
        priority: 'P1',
        impactStatement: 'Nobody can pay',
        declaredAt: new Date().toISOString(),
      },
    });

  const statusChanged = (
    incident: Created,
    version: number,
    to: 'ACKNOWLEDGED' | 'RESOLVED',
    major = false,
  ) =>
    newEvent(incidentStatusChangedV1, {
      aggregateId: incident.data.incidentId,
      aggregateVersion: version,
      actor: { kind: 'user', id: 'tech-1' },
      correlationId: incident.correlationId,
      data: {
        incidentId: incident.data.incidentId,
        number: incident.data.number,
        from: 'NEW',
        to,
        priority: 'P1',
        reporterId: incident.data.reporter.id,
        reason: to === 'RESOLVED' ? 'Rolled back the release' : null,
        changedAt: new Date().toISOString(),
        major,
      },
    });

  const responseBreached = (incident: Created) =>
    newEvent(incidentSlaBreachedV1, {
      aggregateId: incident.data.incidentId,
      aggregateVersion: 1,
      actor: { kind: 'system', id: 'sla' },
      correlationId: incident.correlationId,
      data: {
        incidentId: incident.data.incidentId,
        number: incident.data.number,
        priority: 'P1',
        metric: 'FIRST_RESPONSE',
        dueAt: new Date(Date.now() - 1000).toISOString(),
        detectedAt: new Date().toISOString(),
        assignmentGroup: null,
        assignee: null,
      },
    });

  it('tells each audience of a major incident declaration once, on its channels, in its language', async () => {
    const incident = created();
    await publish(incident);
    expect(summary(await handled(incident.id))).toEqual(['reporter-1 IN_APP REPORTER']);

    const declaration = declared(incident);
    await publish(declaration);
    const rows = await handled(declaration.id);
    expect(summary(rows)).toEqual([
      'manager-fr EMAIL MANAGEMENT',
      'manager-fr IN_APP MANAGEMENT',
      'tech-checkout EMAIL TECHNICAL_TEAM',
      'tech-checkout IN_APP TECHNICAL_TEAM',
      'tech-everything IN_APP TECHNICAL_TEAM',
      'tech-l2 EMAIL TECHNICAL_TEAM',
      'tech-l2 IN_APP TECHNICAL_TEAM',
      'user-checkout EMAIL USERS',
      'user-checkout IN_APP USERS',
      ...[
        `webhook:${ids.checkoutWebhook} WEBHOOK TECHNICAL_TEAM`,
        `webhook:${ids.l2Webhook} WEBHOOK TECHNICAL_TEAM`,
      ].sort(),
    ]);
    // Every technical team of the service (both tiers) is told; not told: the payroll team (another
    // service), a disabled webhook, key stakeholders (no rule on declaration), a user of another service.
    const byKey = new Map(rows.map((row) => [`${row.recipient_id} ${row.channel}`, row]));
    expect(byKey.get('manager-fr EMAIL')?.locale).toBe('fr');
    expect(byKey.get('tech-checkout EMAIL')?.locale).toBe('en');
    expect(byKey.get('tech-checkout IN_APP')?.status).toBe('SENT');
    expect(byKey.get('tech-checkout EMAIL')?.status).toBe('PENDING');
    expect(byKey.get('tech-checkout EMAIL')?.subject).toContain(incident.data.number);
    expect(byKey.get('manager-fr EMAIL')?.subject).not.toBe(byKey.get('tech-checkout EMAIL')?.subject);

    // The same event again (new message id, so the broker lets it through): nothing new.
    await publish(declaration, `${declaration.id}-again`);
    const marker = created();
    await publish(marker);
    await handled(marker.id);
    await eventually(async () => {
      const [row] = await db.query<[{ n: number }]>(
        `SELECT count(*)::int AS n FROM inbox_message WHERE event_id = $1`,
        [declaration.id],
      );
      expect(row.n).toBe(1);
    });
    expect(await deliveriesOf(declaration.id)).toHaveLength(rows.length);
  });

  it('waits for incident.created before telling anyone about a declaration that arrived first', async () => {
    const incident = created();
    const declaration = declared(incident);
    await publish(declaration);
    // Kept until the incident is known: nothing is planned with holes in it, and nothing is dead-lettered
    // however long incident.created takes.
    await handled(declaration.id);
    expect(await deliveriesOf(declaration.id)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await publish(incident);
    const rows = await eventually(async () => {
      const found = await deliveriesOf(declaration.id);
      expect(found.length).toBeGreaterThan(0);
      return found;
    });
    expect(summary(rows)).toContain('tech-checkout EMAIL TECHNICAL_TEAM');
    const [kept] = await db.query<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM deferred_announcement WHERE incident_id = $1`,
      [incident.data.incidentId],
    );
    expect(kept.n).toBe(0);
  });

  it('sends a status update to the audiences it names, and always to key stakeholders', async () => {
    const incident = created();
    await publish(incident);
    // Known first: an update about an incident not known yet is kept for later (its own test above).
    await handled(incident.id);
    await publish(declared(incident));
    const update = newEvent(incidentStatusUpdatePublishedV1, {
      aggregateId: incident.data.incidentId,
      aggregateVersion: 2,
      actor: { kind: 'user', id: 'cl-1' },
      correlationId: incident.correlationId,
      data: {
        incidentId: incident.data.incidentId,
        updateId: randomUUID(),
        audiences: ['MANAGEMENT'],
        impact: 'Nobody can pay',
        currentStatus: 'Release rolled back',
        actions: null,
        nextUpdateDueAt: null,
        publishedAt: new Date().toISOString(),
      },
    });
    await publish(update);
    expect(summary(await handled(update.id))).toEqual([
      'key-1 EMAIL KEY_STAKEHOLDERS',
      'key-1 IN_APP KEY_STAKEHOLDERS',
      'manager-fr EMAIL MANAGEMENT',
      'manager-fr IN_APP MANAGEMENT',
    ]);
  });

  it('escalates an unacknowledged incident to the next tier at its response target, then to management', async () => {
    const incident = created();
    await publish(incident);
    await handled(incident.id);
    const breach = responseBreached(incident);
    await publish(breach);
    expect(summary(await handled(breach.id))).toEqual([
      'tech-l2 EMAIL NEXT_TIER',
      'tech-l2 IN_APP NEXT_TIER',
      `webhook:${ids.l2Webhook} WEBHOOK NEXT_TIER`,
    ]);
    const escalated = await eventually(async () => {
      const rows = await db.query<Row[]>(
        `SELECT recipient_id, channel, audience, status, locale, subject FROM notification
         WHERE incident_id = $1 AND template = 'ESCALATED_TO_MANAGER' ORDER BY recipient_id, channel`,
        [incident.data.incidentId],
      );
      expect(rows.length).toBeGreaterThan(0);
      return rows;
    });
    expect(summary(escalated)).toEqual(['manager-fr EMAIL MANAGEMENT', 'manager-fr IN_APP MANAGEMENT']);
    // Fired once: the timer is gone.
    const [jobs] = await db.query<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM scheduled_job WHERE key LIKE $1`,
      [`%${incident.data.incidentId}`],
    );
    expect(jobs.n).toBe(0);
  });

  it('does not escalate to management once someone acknowledged, nor at all when acknowledged in time', async () => {
    const late = created();
    await publish(late);
    const breach = responseBreached(late);
    await publish(breach);
    await handled(breach.id);
    const acknowledged = statusChanged(late, 2, 'ACKNOWLEDGED');
    await publish(acknowledged);
    await handled(acknowledged.id);

    const inTime = created();
    await publish(inTime);
    await publish(statusChanged(inTime, 2, 'ACKNOWLEDGED'));
    await eventually(async () => {
      const [row] = await db.query<[{ status: string }]>(
        `SELECT status FROM incident_snapshot WHERE id = $1`,
        [inTime.data.incidentId],
      );
      expect(row?.status).toBe('ACKNOWLEDGED');
    });
    const inTimeBreach = responseBreached(inTime);
    await publish(inTimeBreach);
    expect(await handled(inTimeBreach.id)).toEqual([]);

    // Well past the escalation delay: no management escalation for either, and no timer left.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const [row] = await db.query<[{ escalations: number; timers: number }]>(
      `SELECT (SELECT count(*) FROM notification
                WHERE incident_id = ANY($1::uuid[]) AND template = 'ESCALATED_TO_MANAGER')::int AS escalations,
              (SELECT count(*) FROM scheduled_job WHERE payload->>'incidentId' = ANY($1::text[]))::int AS timers`,
      [[late.data.incidentId, inTime.data.incidentId]],
    );
    expect(row).toEqual({ escalations: 0, timers: 0 });
  });

  it("reminds the major incident's manager and communications lead of an overdue status update", async () => {
    const incident = created();
    await publish(incident);
    await handled(incident.id);
    const team = [
      ['mim-1', 'MAJOR_INCIDENT_MANAGER'],
      ['cl-1', 'COMMUNICATIONS_LEAD'],
      ['cl-2', 'COMMUNICATIONS_LEAD'],
    ] as const;
    const at = Date.now();
    for (const [index, [userId, role]] of team.entries()) {
      await publish(
        newEvent(incidentParticipantAddedV1, {
          aggregateId: incident.data.incidentId,
          aggregateVersion: 1,
          actor: { kind: 'user', id: 'mim-1' },
          correlationId: incident.correlationId,
          occurredAt: new Date(at + index),
          data: { incidentId: incident.data.incidentId, userId, name: userId, role },
        }),
      );
    }
    const removed = newEvent(incidentParticipantRemovedV1, {
      aggregateId: incident.data.incidentId,
      aggregateVersion: 1,
      actor: { kind: 'user', id: 'mim-1' },
      correlationId: incident.correlationId,
      occurredAt: new Date(at + 10),
      data: { incidentId: incident.data.incidentId, userId: 'cl-2', role: 'COMMUNICATIONS_LEAD' },
    });
    await publish(removed);
    await handled(removed.id);
    const overdue = newEvent(incidentStatusUpdateOverdueV1, {
      aggregateId: incident.data.incidentId,
      aggregateVersion: 2,
      actor: { kind: 'system', id: 'status-updates' },
      correlationId: incident.correlationId,
      data: { incidentId: incident.data.incidentId, lastUpdateAt: null, dueAt: new Date().toISOString() },
    });
    await publish(overdue);
    // mim-1 has a stakeholder record with an email address; cl-1 does not: in-app only.
    expect(summary(await handled(overdue.id))).toEqual([
      'cl-1 IN_APP COMMUNICATIONS_LEAD',
      'mim-1 EMAIL MAJOR_INCIDENT_MANAGER',
      'mim-1 IN_APP MAJOR_INCIDENT_MANAGER',
    ]);
  });

  it('tells management, users and the reporter when a major incident is resolved, whichever event comes first', async () => {
    const incident = created();
    await publish(incident);
    await handled(incident.id);
    // The declaration and the resolution travel on two subjects: the resolution may be handled first,
    // and still knows (from its own event) that the incident is major.
    const resolved = statusChanged(incident, 3, 'RESOLVED', true);
    await publish(resolved);
    await publish(declared(incident));
    expect(summary(await handled(resolved.id))).toEqual([
      'manager-fr EMAIL MANAGEMENT',
      'manager-fr IN_APP MANAGEMENT',
      'reporter-1 IN_APP REPORTER',
      'user-checkout EMAIL USERS',
      'user-checkout IN_APP USERS',
    ]);
  });

  const ids = {
    checkoutTeam: randomUUID(),
    everythingTeam: randomUUID(),
    payrollTeam: randomUUID(),
    l2Team: randomUUID(),
    management: randomUUID(),
    keyStakeholders: randomUUID(),
    checkoutWebhook: randomUUID(),
    disabledWebhook: randomUUID(),
    l2Webhook: randomUUID(),
  };

  /** Stakeholders as an administrator would have set them up (data, like the rules). */
  async function seedStakeholders(): Promise<void> {
    const group = (id: string, name: string, kind: string, services: string[], tier: string | null = null) =>
      db.query(
        `INSERT INTO stakeholder_group (id, name, kind, services, support_tier) VALUES ($1, $2, $3, $4, $5)`,
        [id, name, kind, services, tier],
      );
    await group(ids.checkoutTeam, 'Checkout L1', 'TECHNICAL_TEAM', ['checkout'], 'L1');
    await group(ids.everythingTeam, 'NOC', 'TECHNICAL_TEAM', [], 'L1');
    await group(ids.payrollTeam, 'Payroll', 'TECHNICAL_TEAM', ['payroll'], 'L1');
    await group(ids.l2Team, 'Checkout L2', 'TECHNICAL_TEAM', ['checkout'], 'L2');
    await group(ids.management, 'Management', 'MANAGEMENT', []);
    await group(ids.keyStakeholders, 'Heads of department', 'KEY_STAKEHOLDERS', ['checkout']);
    const people: Array<[string, string | null, string, string[], string[]]> = [
      ['tech-checkout', 'tc@example.com', 'en', [ids.checkoutTeam], []],
      ['tech-everything', null, 'en', [ids.everythingTeam], []],
      ['tech-payroll', 'tp@example.com', 'en', [ids.payrollTeam], []],
      ['tech-l2', 'l2@example.com', 'en', [ids.l2Team], []],
      ['manager-fr', 'dg@example.fr', 'fr', [ids.management], []],
      ['key-1', 'head@example.com', 'en', [ids.keyStakeholders], []],
      ['user-checkout', 'shopper@example.com', 'en', [], ['checkout']],
      ['user-payroll', 'clerk@example.com', 'en', [], ['payroll']],
      ['mim-1', 'mim@example.com', 'en', [], []],
    ];
    for (const [userId, email, locale, groups, services] of people) {
      const id = randomUUID();
      await db.query(
        `INSERT INTO stakeholder (id, user_id, name, email, locale) VALUES ($1, $2, $3, $4, $5)`,
        [id, userId, userId, email, locale],
      );
      for (const groupId of groups) {
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
    const webhook = (id: string, groupId: string, enabled: boolean) =>
      db.query(
        `INSERT INTO webhook_endpoint (id, group_id, name, url, format, secret, enabled)
         VALUES ($1, $2, $3, 'http://127.0.0.1:9/hook', 'SLACK', 'whsec_test', $4)`,
        [id, groupId, `hook-${id.slice(0, 8)}`, enabled],
      );
    await webhook(ids.checkoutWebhook, ids.checkoutTeam, true);
    await webhook(ids.disabledWebhook, ids.checkoutTeam, false);
    await webhook(ids.l2Webhook, ids.l2Team, true);
  }
});
