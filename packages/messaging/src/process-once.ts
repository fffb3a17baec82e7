import type { Envelope } from '@mim/contracts';
import type { DataSource, EntityManager } from 'typeorm';

export type EventHandler<TData> = (event: Envelope<TData>, manager: EntityManager) => Promise<void>;
export type ProcessOutcome = 'processed' | 'duplicate';

/**
 * Applies an event at most once per consumer: the inbox row and the handler's effects commit in one
 * transaction. A redelivery (crash before ack) or a republish under a new message id finds the inbox row
 * and changes nothing. Two replicas racing on one event serialise on the inbox primary key.
 */
export async function processOnce<TData>(
  dataSource: DataSource,
  consumer: string,
  event: Envelope<TData>,
  handler: EventHandler<TData>,
): Promise<ProcessOutcome> {
  return dataSource.transaction(async (manager) => {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO inbox_message (consumer, event_id, event_type) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [consumer, event.id, `${event.type}.v${event.version}`],
    );
    if (inserted.length === 0) return 'duplicate';
    await handler(event, manager);
    return 'processed';
  });
}
