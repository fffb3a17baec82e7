import { randomUUID } from 'node:crypto';
import { createLogger } from '@mim/observability';
import type { DataSource } from 'typeorm';
import type { NotificationStatus, WebhookFormat } from '../src/modules/notification/notification.vocabulary';
import { deliveryChannel } from '../src/modules/delivery/delivery.channel';
import {
  DeliveryDispatcher,
  type DeliveryDispatcherOptions,
} from '../src/modules/delivery/delivery.dispatcher';
import { EmailSender } from '../src/modules/delivery/email.sender';
import { WebhookSender } from '../src/modules/delivery/webhook.sender';

/** Test data for delivery tests: stakeholder groups, webhook endpoints and PENDING deliveries. */

export async function insertGroup(dataSource: DataSource, name = `Group ${randomUUID()}`): Promise<string> {
  const id = randomUUID();
  await dataSource.query(`INSERT INTO stakeholder_group (id, name, kind) VALUES ($1, $2, 'TECHNICAL_TEAM')`, [
    id,
    name,
  ]);
  return id;
}

export async function insertEndpoint(
  dataSource: DataSource,
  endpoint: { url: string; secret?: string; enabled?: boolean; format?: WebhookFormat; groupId?: string },
): Promise<{ id: string; secret: string; name: string }> {
  const id = randomUUID();
  const secret = endpoint.secret ?? `whsec_${randomUUID()}`;
  const name = `Endpoint ${id.slice(0, 8)}`;
  await dataSource.query(
    `INSERT INTO webhook_endpoint (id, group_id, name, url, format, secret, enabled)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      id,
      endpoint.groupId ?? (await insertGroup(dataSource)),
      name,
      endpoint.url,
      endpoint.format ?? 'GENERIC',
      secret,
      endpoint.enabled ?? true,
    ],
  );
  return { id, secret, name };
}

export interface DeliverySeed {
  channel?: 'EMAIL' | 'WEBHOOK';
  webhookEndpointId?: string | null;
  destination?: string | null;
  recipientName?: string | null;
  subject?: string;
  body?: string;
  payload?: Record<string, unknown> | null;
  template?: string | null;
  incidentId?: string | null;
  /** Default: due now. */
  nextAttemptAt?: Date;
}

/** PENDING deliveries as the planner stores them (one source event each), in one statement. */
export async function insertDeliveries(
  dataSource: DataSource,
  seeds: readonly DeliverySeed[],
  options: { notify?: boolean } = {},
): Promise<string[]> {
  const rows = seeds.map((seed) => {
    const id = randomUUID();
    const channel = seed.channel ?? 'WEBHOOK';
    return {
      id,
      channel,
      recipientId:
        channel === 'WEBHOOK' ? `webhook:${seed.webhookEndpointId ?? 'none'}` : `user-${id.slice(0, 8)}`,
      recipientName: seed.recipientName ?? (channel === 'EMAIL' ? 'Ada Lovelace' : 'Ops channel'),
      destination: seed.destination ?? (channel === 'EMAIL' ? 'ada@example.test' : null),
      webhookEndpointId: seed.webhookEndpointId ?? null,
      subject: seed.subject ?? 'Major incident INC-000042: Checkout returns HTTP 502',
      body: seed.body ?? 'Customers cannot pay. The war room is open.',
      payload:
        seed.payload === undefined
          ? channel === 'EMAIL'
            ? { html: '<p>Customers cannot pay.</p>' }
            : { version: 1, deliveryId: id, subject: 'Major incident INC-000042' }
          : seed.payload,
      template: seed.template === undefined ? 'MAJOR_DECLARED' : seed.template,
      incidentId: seed.incidentId === undefined ? randomUUID() : seed.incidentId,
      nextAttemptAt: seed.nextAttemptAt ?? null,
    };
  });
  await dataSource.transaction(async (manager) => {
    await manager.query(
      `INSERT INTO notification
         (id, channel, recipient_id, recipient_name, destination, webhook_endpoint_id, subject, body, payload,
          template, incident_id, source_event_id, source_event_type, correlation_id, status, attempts,
          next_attempt_at, created_at)
       SELECT id, channel, recipient_id, recipient_name, destination, webhook_endpoint_id, subject, body,
              payload::jsonb, template, incident_id, gen_random_uuid(), 'incident.major_declared', 'test-correlation',
              'PENDING', 0, COALESCE(next_attempt_at, now()), now()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[],
                   $9::text[], $10::text[], $11::uuid[], $12::timestamptz[])
         AS d(id, channel, recipient_id, recipient_name, destination, webhook_endpoint_id, subject, body, payload,
              template, incident_id, next_attempt_at)`,
      [
        rows.map((row) => row.id),
        rows.map((row) => row.channel),
        rows.map((row) => row.recipientId),
        rows.map((row) => row.recipientName),
        rows.map((row) => row.destination),
        rows.map((row) => row.webhookEndpointId),
        rows.map((row) => row.subject),
        rows.map((row) => row.body),
        rows.map((row) => (row.payload === null ? null : JSON.stringify(row.payload))),
        rows.map((row) => row.template),
        rows.map((row) => row.incidentId),
        rows.map((row) => row.nextAttemptAt?.toISOString() ?? null),
      ],
    );
    if (options.notify ?? true) await manager.query(`SELECT pg_notify($1, '')`, [deliveryChannel]);
  });
  return rows.map((row) => row.id);
}

export async function insertDelivery(dataSource: DataSource, seed: DeliverySeed = {}): Promise<string> {
  const [id] = await insertDeliveries(dataSource, [seed]);
  return id!;
}

export interface DeliveryRow {
  id: string;
  status: NotificationStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  locked_until: Date | null;
  sent_at: Date | null;
  dead_lettered_at: Date | null;
}

export async function deliveryRow(dataSource: DataSource, id: string): Promise<DeliveryRow> {
  const [row] = await dataSource.query<DeliveryRow[]>(
    `SELECT id, status, attempts, last_error, next_attempt_at, locked_until, sent_at, dead_lettered_at
     FROM notification WHERE id = $1`,
    [id],
  );
  if (!row) throw new Error(`no delivery ${id}`);
  return row;
}

/** The `notification.sent.v1` envelopes in the outbox for these deliveries. */
export async function sentEvents(
  dataSource: DataSource,
  ids: readonly string[],
): Promise<Array<{ correlationId: string; data: Record<string, unknown> }>> {
  const rows = await dataSource.query<
    Array<{ envelope: { correlationId: string; data: Record<string, unknown> } }>
  >(
    `SELECT envelope FROM outbox_message
     WHERE subject = 'notification.sent.v1' AND envelope->'data'->>'notificationId' = ANY($1::text[])`,
    [ids],
  );
  return rows.map((row) => row.envelope);
}

/** A dispatcher with short test delays; give it the SMTP URL when it sends email. */
export function testDispatcher(
  dataSource: DataSource,
  options: Partial<DeliveryDispatcherOptions> & { smtpUrl?: string } = {},
): DeliveryDispatcher {
  const { smtpUrl, ...overrides } = options;
  return new DeliveryDispatcher({
    dataSource,
    logger: createLogger({ service: 'notification-test', level: 'silent' }),
    senders: {
      EMAIL: new EmailSender({
        smtpUrl: smtpUrl ?? 'smtp://127.0.0.1:1',
        from: 'MIM <mim@mim.test>',
        timeoutMs: 5000,
      }),
      WEBHOOK: new WebhookSender({ timeoutMs: 5000 }),
    },
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
    concurrency: 8,
    leaseMs: 30_000,
    maxSleepMs: 200,
    ...overrides,
  });
}
