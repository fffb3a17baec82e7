import { notificationSentV1 } from '@mim/contracts';
import { appendToOutbox, newEvent } from '@mim/messaging';
import type { EntityManager } from 'typeorm';
import type { Notification } from './notification.entity';

/** A delivery row to insert: in-app ones are SENT at once, the others PENDING for the dispatcher. */
export type NewDelivery = Pick<
  Notification,
  | 'id'
  | 'recipientId'
  | 'recipientName'
  | 'incidentId'
  | 'channel'
  | 'subject'
  | 'body'
  | 'destination'
  | 'webhookEndpointId'
  | 'sourceEventId'
  | 'sourceEventType'
  | 'correlationId'
  | 'ruleId'
  | 'audience'
  | 'template'
  | 'locale'
  | 'payload'
>;

const columns = [
  ['id', 'uuid'],
  ['recipient_id', 'text'],
  ['recipient_name', 'text'],
  ['incident_id', 'uuid'],
  ['channel', 'text'],
  ['subject', 'text'],
  ['body', 'text'],
  ['destination', 'text'],
  ['webhook_endpoint_id', 'uuid'],
  ['source_event_id', 'uuid'],
  ['source_event_type', 'text'],
  ['correlation_id', 'text'],
  ['rule_id', 'uuid'],
  ['audience', 'text'],
  ['template', 'text'],
  ['locale', 'text'],
  ['payload', 'text'],
] as const;

/**
 * Inserts the deliveries of one source event in one statement, in the caller's transaction, and returns
 * the ones that are new. A delivery that exists for (event, recipient, channel) is skipped: a redelivered
 * or replayed event never tells anyone twice. In-app deliveries are stored SENT and announced at once
 * with `notification.sent.v1` (the gateway streams it to the recipient's inbox); email and webhook ones
 * are stored PENDING, due now, and announced by the dispatcher once actually sent.
 */
export async function insertDeliveries(
  manager: EntityManager,
  deliveries: readonly NewDelivery[],
  context: { correlationId: string; at: Date },
): Promise<Array<Pick<Notification, 'id' | 'channel'>>> {
  if (deliveries.length === 0) return [];
  const values = [
    deliveries.map((d) => d.id),
    deliveries.map((d) => d.recipientId),
    deliveries.map((d) => d.recipientName),
    deliveries.map((d) => d.incidentId),
    deliveries.map((d) => d.channel),
    deliveries.map((d) => d.subject),
    deliveries.map((d) => d.body),
    deliveries.map((d) => d.destination),
    deliveries.map((d) => d.webhookEndpointId),
    deliveries.map((d) => d.sourceEventId),
    deliveries.map((d) => d.sourceEventType),
    deliveries.map((d) => d.correlationId),
    deliveries.map((d) => d.ruleId),
    deliveries.map((d) => d.audience),
    deliveries.map((d) => d.template),
    deliveries.map((d) => d.locale),
    deliveries.map((d) => (d.payload === null ? null : JSON.stringify(d.payload))),
  ];
  const names = columns.map(([name]) => name).join(', ');
  const unnest = columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ');
  const atParam = `$${columns.length + 1}`;
  const inserted: Array<Pick<Notification, 'id' | 'channel'>> = await manager.query(
    `INSERT INTO notification
       (${names}, status, attempts, next_attempt_at, sent_at, created_at)
     SELECT ${columns.map(([name]) => (name === 'payload' ? 'payload::jsonb' : name)).join(', ')},
            CASE WHEN channel = 'IN_APP' THEN 'SENT' ELSE 'PENDING' END,
            CASE WHEN channel = 'IN_APP' THEN 1 ELSE 0 END,
            CASE WHEN channel = 'IN_APP' THEN NULL ELSE ${atParam}::timestamptz END,
            CASE WHEN channel = 'IN_APP' THEN ${atParam}::timestamptz END,
            ${atParam}::timestamptz
     FROM unnest(${unnest}) AS planned(${names})
     ON CONFLICT (source_event_id, recipient_id, channel) DO NOTHING
     RETURNING id, channel`,
    [...values, context.at],
  );
  const insertedIds = new Set(inserted.map((row) => row.id));
  await appendToOutbox(
    manager,
    deliveries
      .filter((delivery) => delivery.channel === 'IN_APP' && insertedIds.has(delivery.id))
      .map((delivery) => sentEvent(delivery, context)),
  );
  return inserted;
}

/** `notification.sent.v1` of a delivery, at the time it was sent. */
export function sentEvent(
  delivery: Pick<Notification, 'id' | 'incidentId' | 'recipientId' | 'channel' | 'subject' | 'sourceEventId'>,
  context: { correlationId: string; at: Date },
) {
  return newEvent(notificationSentV1, {
    aggregateId: delivery.id,
    aggregateVersion: 1,
    actor: { kind: 'system', id: 'notification' },
    correlationId: context.correlationId,
    occurredAt: context.at,
    data: {
      notificationId: delivery.id,
      incidentId: delivery.incidentId,
      recipientId: delivery.recipientId,
      channel: delivery.channel,
      subject: delivery.subject,
      sourceEventId: delivery.sourceEventId,
    },
  });
}
