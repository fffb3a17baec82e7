import { envelopeSchema, findEventDefinition, type Envelope } from '@mim/contracts';
import type { EntityManager } from 'typeorm';
import { outboxChannel } from './outbox-relay';

/**
 * Writes events into the outbox inside the caller's transaction, so they commit (or roll back) with the
 * state change. Each is validated against its contract first: an invalid event fails the whole change.
 */
export async function appendToOutbox(
  manager: EntityManager,
  events: ReadonlyArray<Envelope & { subject: string }>,
  headers: Record<string, string> = {},
): Promise<void> {
  if (events.length === 0) return;
  for (const event of events) {
    const definition = findEventDefinition(event.subject);
    if (!definition) throw new Error(`Unknown event subject ${event.subject}`);
    envelopeSchema.parse(event);
    definition.data.parse(event.data);
  }
  const values: unknown[] = [];
  const rows = events.map((event, index) => {
    const { subject, ...envelope } = event;
    values.push(event.id, subject, JSON.stringify(envelope), JSON.stringify(headers));
    const base = index * 4;
    return `($${base + 1}, $${base + 2}, $${base + 3}::jsonb, $${base + 4}::jsonb)`;
  });
  await manager.query(
    `INSERT INTO outbox_message (id, subject, envelope, headers) VALUES ${rows.join(', ')}`,
    values,
  );
  // Delivered at commit, never for a rolled-back transaction: wakes the relay without polling delay.
  await manager.query(`SELECT pg_notify($1, '')`, [outboxChannel]);
}
