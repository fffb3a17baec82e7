import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { RunningService } from '@mim/service-kit';
import {
  ServiceCaller,
  type SmtpSink,
  type TestService,
  type WebhookReceiver,
  eventually,
  startSmtpSink,
  startTestService,
  startWebhookReceiver,
  tokenFor,
  webhookResponders,
} from '@mim/testing';
import type { DataSource } from 'typeorm';
import { type NotificationEnv, readEnv } from '../src/env';
import { notificationService } from '../src/service-definition';
import { deliveryRow, insertDelivery, insertEndpoint, sentEvents } from './delivery.fixtures';

interface DeadLetter {
  id: string;
  channel: string;
  status: string;
  attempts: number;
  lastError: string | null;
  deadLetteredAt: string | null;
  nextAttemptAt: string | null;
}

const deliveryFields = 'id channel status attempts lastError deadLetteredAt nextAttemptAt';
const deadLettersQuery = `query DeadLetters($first: Int) { deadLetteredNotifications(first: $first) { ${deliveryFields} } }`;
const resendMutation = `mutation Resend($id: ID!) { resendNotification(id: $id) { ${deliveryFields} } }`;

/**
 * The notification service as deployed: its own dispatcher (a worker of the service) sends email to a
 * real SMTP server in another process and webhooks to a real HTTP receiver; operators list dead letters
 * and resend them through GraphQL.
 */
describe('email and webhook delivery in the running service (real PostgreSQL, SMTP and HTTP)', () => {
  let sink: SmtpSink;
  let receiver: WebhookReceiver;
  let testService: TestService<NotificationEnv>;
  let service: RunningService;
  let db: DataSource;
  let api: ServiceCaller;
  let technician: string;
  let communicationsLead: string;
  let incidentManager: string;
  let endUser: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    receiver = await startWebhookReceiver();
    testService = await startTestService(notificationService, readEnv, {
      label: 'notification_delivery_service',
      overrides: {
        SMTP_URL: sink.url,
        SMTP_FROM: 'MIM Notifications <mim@mim.test>',
        NOTIFICATION_MAX_ATTEMPTS: '3',
        NOTIFICATION_RETRY_BASE_MS: '20',
        NOTIFICATION_RETRY_MAX_MS: '50',
        NOTIFICATION_SEND_TIMEOUT_MS: '3000',
      },
    });
    service = testService.service;
    db = service.deps.dataSource;
    const url = service.url;
    api = new (class extends ServiceCaller {
      protected get url() {
        return url;
      }
    })();
    technician = await tokenFor('tech-1', ['service_desk_technician']);
    communicationsLead = await tokenFor('comms-1', ['communications_lead']);
    incidentManager = await tokenFor('mim-1', ['major_incident_manager']);
    endUser = await tokenFor('user-1', ['end_user']);
  });
  afterAll(async () => {
    await testService?.stop();
    await receiver?.stop();
    await sink?.stop();
  });
  afterEach(() => {
    receiver.respondWith(webhookResponders.ok());
  });

  const waitForStatus = (id: string, status: string) =>
    eventually(async () => {
      const row = await deliveryRow(db, id);
      expect(row.status).toBe(status);
      return row;
    });
  const sinkMessagesFor = (id: string) =>
    sink.messages().filter((message) => message.headers['x-mim-delivery-id'] === id);

  it('sends an email over SMTP with its subject, text, HTML and the delivery headers, then records it SENT', async () => {
    const id = await insertDelivery(db, {
      channel: 'EMAIL',
      destination: 'ada@example.test',
      recipientName: 'Ada Lovelace',
      subject: 'Major incident INC-000042: Checkout returns HTTP 502',
      body: 'Customers cannot pay.\n\nOpen: https://mim.example/incidents/42',
      payload: { html: '<p>Customers cannot pay.</p>' },
    });

    await eventually(() => expect(sinkMessagesFor(id)).toHaveLength(1));
    const [message] = sinkMessagesFor(id);
    expect(message!.envelope).toEqual({ from: 'mim@mim.test', to: ['ada@example.test'] });
    expect(message!.messageId).toBe(`<${id}@mim.test>`);
    expect(message!.subject).toBe('Major incident INC-000042: Checkout returns HTTP 502');
    expect(message!.text?.trim()).toBe('Customers cannot pay.\n\nOpen: https://mim.example/incidents/42');
    expect(message!.html).toContain('<p>Customers cannot pay.</p>');
    expect(message!.headers).toMatchObject({
      from: 'MIM Notifications <mim@mim.test>',
      to: 'Ada Lovelace <ada@example.test>',
      'x-mim-delivery-id': id,
      'x-mim-event': 'MAJOR_DECLARED',
    });

    const row = await waitForStatus(id, 'SENT');
    expect(row).toMatchObject({ attempts: 1, last_error: null });
    expect(await sentEvents(db, [id])).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ notificationId: id, channel: 'EMAIL' }) }),
    ]);
  });

  it('dead-letters an email the SMTP server refuses for good (550) at once', async () => {
    await sink.failNext(1, 550);
    const id = await insertDelivery(db, { channel: 'EMAIL', destination: 'gone@example.test' });

    const row = await waitForStatus(id, 'DEAD_LETTERED');

    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/^SMTP EMESSAGE 550: /);
    expect(sinkMessagesFor(id)).toEqual([]);
  });

  it('retries an email the SMTP server defers (451), and sends it once', async () => {
    const refusedBefore = sink.refusedCount();
    await sink.failNext(1, 451);
    const id = await insertDelivery(db, { channel: 'EMAIL', destination: 'busy@example.test' });

    const row = await waitForStatus(id, 'SENT');

    expect(row).toMatchObject({ attempts: 2, last_error: null });
    expect(sink.refusedCount()).toBe(refusedBefore + 1);
    expect(sinkMessagesFor(id)).toHaveLength(1);
    expect(await sentEvents(db, [id])).toHaveLength(1);
  });

  it('lists dead letters for staff, newest first, and lets the accountable roles resend one, which is then sent once', async () => {
    receiver.respondWith(webhookResponders.always({ status: 503, body: 'maintenance' }));
    const endpoint = await insertEndpoint(db, { url: receiver.url });
    const id = await insertDelivery(db, { webhookEndpointId: endpoint.id });
    await waitForStatus(id, 'DEAD_LETTERED');

    const deadLetters = await api.ok<DeadLetter[]>(technician, deadLettersQuery);
    expect(deadLetters[0]).toEqual({
      id,
      channel: 'WEBHOOK',
      status: 'DEAD_LETTERED',
      attempts: 3,
      lastError: `POST ${receiver.url} answered 503: maintenance`,
      deadLetteredAt: expect.any(String),
      nextAttemptAt: null,
    });
    const times = deadLetters.map((letter) => Date.parse(letter.deadLetteredAt!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(await api.errorCode(endUser, deadLettersQuery)).toBe('FORBIDDEN');
    expect(await api.errorCode(technician, deadLettersQuery, { first: 500 })).toBe('BAD_USER_INPUT');

    for (const refused of [endUser, technician]) {
      expect(await api.errorCode(refused, resendMutation, { id })).toBe('FORBIDDEN');
    }
    receiver.respondWith(webhookResponders.ok());
    const resent = await api.ok<DeadLetter>(communicationsLead, resendMutation, { id });
    // Pending again with fresh attempts; the last error stays until the next attempt replaces it.
    expect(resent).toMatchObject({ id, status: 'PENDING', attempts: 0, deadLetteredAt: null });
    expect(resent.lastError).toContain('503');

    const row = await waitForStatus(id, 'SENT');
    expect(row).toMatchObject({ attempts: 1, last_error: null });
    expect(receiver.requestsFor(id).map((request) => request.status)).toEqual([503, 503, 503, 200]);
    expect(await sentEvents(db, [id])).toHaveLength(1);
    expect(
      (await api.ok<DeadLetter[]>(technician, deadLettersQuery)).map((letter) => letter.id),
    ).not.toContain(id);

    expect(await api.errorCode(communicationsLead, resendMutation, { id })).toBe(
      'NOTIFICATION_NOT_DEAD_LETTERED',
    );
    expect(await api.errorCode(communicationsLead, resendMutation, { id: randomUUID() })).toBe('NOT_FOUND');
    expect(await api.errorCode(communicationsLead, resendMutation, { id: 'not-a-uuid' })).toBe('NOT_FOUND');
  });

  it('resends a dead letter once when two operators resend it at the same moment', async () => {
    receiver.respondWith(webhookResponders.always(410));
    const endpoint = await insertEndpoint(db, { url: receiver.url });
    const id = await insertDelivery(db, { webhookEndpointId: endpoint.id });
    await waitForStatus(id, 'DEAD_LETTERED');
    receiver.respondWith(webhookResponders.ok());

    const outcomes = await Promise.all(
      [communicationsLead, incidentManager].map((token) => api.call(token, resendMutation, { id })),
    );

    const codes = outcomes.map((outcome) => outcome.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['NOTIFICATION_NOT_DEAD_LETTERED', 'OK']);
    await waitForStatus(id, 'SENT');
    expect(receiver.requestsFor(id).map((request) => request.status)).toEqual([410, 200]);
  });

  it('counts deliveries by channel and outcome, and attempt durations, on /metrics', async () => {
    const metrics = await (await fetch(service.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(metrics).toMatch(
      /mim_notification_deliveries_total\{[^}]*channel="EMAIL"[^}]*outcome="sent"[^}]*\} [1-9]/,
    );
    expect(metrics).toMatch(/mim_notification_deliveries_total\{[^}]*channel="EMAIL"[^}]*outcome="retry"/);
    expect(metrics).toMatch(
      /mim_notification_deliveries_total\{[^}]*channel="WEBHOOK"[^}]*outcome="dead_lettered"/,
    );
    expect(metrics).toMatch(/mim_notification_delivery_attempt_seconds_count\{[^}]*channel="WEBHOOK"/);
  });
});
