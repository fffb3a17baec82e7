import { headers as natsHeaders } from '@nats-io/nats-core';
import type { Logger, ServiceMetrics } from '@mim/observability';
import { backOff } from 'exponential-backoff';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { EventBus } from './event-bus';
import { messagingHeaders } from './headers';

export const outboxChannel = 'mim_outbox';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  bus: EventBus;
  logger: Logger;
  metrics?: ServiceMetrics;
  batchSize?: number;
  /** Fallback poll when no notification arrives (a missed NOTIFY, a LISTEN connection being re-made). */
  pollIntervalMs?: number;
  publishTimeoutMs?: number;
  /** Published rows are kept this long for inspection, then pruned. */
  retentionMs?: number;
}

interface PendingRow {
  id: string;
  subject: string;
  envelope: { type: string; correlationId: string };
  headers: Record<string, string>;
}

/**
 * Moves committed outbox rows to JetStream. Rows are claimed with `FOR UPDATE SKIP LOCKED`, so several
 * replicas relay in parallel without publishing a row twice at once; a row is marked published only after
 * JetStream acknowledged it. A crash between ack and mark republishes it with the same message id, which
 * the stream's duplicate window drops (and consumers' inboxes catch beyond it). While the broker is down,
 * rows stay in the table and the relay backs off; nothing is lost.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | null = null;
  private listener: Client | null = null;
  private wakeUp: (() => void) | null = null;
  /** A notification that arrived while the relay was busy: the next sleep returns at once. */
  private wakePending = false;
  private lastPrune = 0;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly publishTimeoutMs: number;
  private readonly retentionMs: number;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 200;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.publishTimeoutMs = options.publishTimeoutMs ?? 5000;
    this.retentionMs = options.retentionMs ?? 7 * 24 * 3600 * 1000;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
  }

  /** Publishes everything pending now; returns how many rows were published. Used by tests and the loop. */
  async flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      if (published < this.batchSize) return total;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await backOff(() => this.flush(), {
          numOfAttempts: Number.MAX_SAFE_INTEGER,
          startingDelay: 200,
          maxDelay: 10_000,
          jitter: 'full',
          retry: (error: unknown, attempt: number) => {
            this.options.logger.warn({ err: error, attempt }, 'outbox relay could not publish; backing off');
            return this.running;
          },
        });
        await this.pruneIfDue();
        await this.reportBacklog();
      } catch (error) {
        if (this.running) this.options.logger.error({ err: error }, 'outbox relay loop failed');
      }
      if (this.running) await this.sleep();
    }
  }

  private async publishBatch(): Promise<number> {
    const { dataSource, bus, metrics } = this.options;
    return dataSource.transaction(async (manager) => {
      const rows: PendingRow[] = await manager.query(
        `SELECT id, subject, envelope, headers FROM outbox_message
         WHERE published_at IS NULL ORDER BY position LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      // Publishes are pipelined on one connection; NATS keeps their order, so the stream keeps ours.
      const results = await Promise.allSettled(
        rows.map((row) =>
          bus.js.publish(bus.subjectOf(row.subject), JSON.stringify(row.envelope), {
            msgID: row.id,
            timeout: this.publishTimeoutMs,
            headers: this.headersFor(row),
          }),
        ),
      );
      const published = rows.filter((_, index) => results[index]?.status === 'fulfilled');
      const failed = rows.filter((_, index) => results[index]?.status === 'rejected');
      if (published.length > 0) {
        await manager.query(`UPDATE outbox_message SET published_at = now() WHERE id = ANY($1::uuid[])`, [
          published.map((row) => row.id),
        ]);
        for (const row of published) metrics?.eventsPublished.inc({ subject: row.subject });
      }
      if (failed.length > 0) {
        const firstError = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
        await manager.query(
          `UPDATE outbox_message SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[])`,
          [failed.map((row) => row.id), String(firstError.reason)],
        );
        if (published.length === 0) throw firstError.reason;
      }
      return published.length;
    });
  }

  private headersFor(row: PendingRow) {
    const headers = natsHeaders();
    headers.set(messagingHeaders.eventType, row.envelope.type);
    headers.set(messagingHeaders.correlationId, row.envelope.correlationId);
    const traceparent = row.headers[messagingHeaders.traceparent];
    if (traceparent) headers.set(messagingHeaders.traceparent, traceparent);
    return headers;
  }

  private async listen(): Promise<void> {
    // LISTEN needs its own long-lived connection, outside TypeORM's pool.
    const { url } = this.options.dataSource.options as { url?: string };
    const client = new Client({ connectionString: url });
    client.on('notification', () => this.wake());
    // A lost LISTEN connection only costs latency (the poll still runs); re-make it on the next loop.
    client.on('error', (error) => {
      this.options.logger.warn({ err: error }, 'outbox LISTEN connection lost; falling back to polling');
      this.listener = null;
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${outboxChannel}`);
      this.listener = client;
    } catch (error) {
      this.options.logger.warn({ err: error }, 'outbox LISTEN unavailable; polling only');
      await client.end().catch(() => undefined);
    }
  }

  private wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.wakePending = true;
  }

  private async sleep(): Promise<void> {
    if (!this.listener && this.running) await this.listen();
    if (this.wakePending || !this.running) {
      this.wakePending = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.pollIntervalMs);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeUp = null;
  }

  private async pruneIfDue(): Promise<void> {
    if (Date.now() - this.lastPrune < 3600_000) return;
    this.lastPrune = Date.now();
    await this.options.dataSource.query(
      `DELETE FROM outbox_message WHERE published_at < now() - ($1 || ' milliseconds')::interval`,
      [String(this.retentionMs)],
    );
  }

  private async reportBacklog(): Promise<void> {
    if (!this.options.metrics) return;
    const [row] = await this.options.dataSource.query<Array<{ pending: number }>>(
      `SELECT count(*)::int AS pending FROM outbox_message WHERE published_at IS NULL`,
    );
    this.options.metrics.outboxBacklog.set(row?.pending ?? 0);
  }
}
