import type { Logger } from '@mim/observability';
import type { DeliveryMetrics } from './delivery.metrics';
import type { DeliveryOutcome, DeliveryStore } from './delivery.store';

/**
 * Collects the outcomes of finished attempts and writes them in batches: at `flushSize` outcomes, or
 * `flushIntervalMs` after the first one waiting, whichever comes first. At most `parallelWrites`
 * transactions at once (their rows are disjoint: each outcome belongs to one claim); while they commit the
 * next batch fills up, so the busier the dispatcher, the larger its writes.
 *
 * A write that fails is logged and dropped: its deliveries still carry their claims, so they are due again
 * when the leases end, and are attempted again (a receiver may see that attempt twice: see the dispatcher).
 */
export class OutcomeRecorder {
  private pending: DeliveryOutcome[] = [];
  private readonly writes = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: {
      store: DeliveryStore;
      logger: Logger;
      metrics?: DeliveryMetrics | undefined;
      flushSize: number;
      flushIntervalMs: number;
      parallelWrites: number;
    },
  ) {}

  add(outcome: DeliveryOutcome): void {
    this.pending.push(outcome);
    if (this.pending.length >= this.options.flushSize) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.flushIntervalMs);
  }

  /** Writes everything waiting and resolves when every write has finished. */
  async drain(): Promise<void> {
    this.flush();
    while (this.writes.size > 0) await Promise.all(this.writes);
  }

  /** Starts writes of what is waiting, as many as allowed; the rest goes when a write ends. */
  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.pending.length > 0 && this.writes.size < this.options.parallelWrites) {
      const batch = this.pending.splice(0, this.options.flushSize);
      const write: Promise<void> = this.write(batch).finally(() => {
        this.writes.delete(write);
        if (this.pending.length > 0) this.flush();
      });
      this.writes.add(write);
    }
  }

  private async write(batch: DeliveryOutcome[]): Promise<void> {
    const { store, logger, metrics } = this.options;
    try {
      const recorded = await store.record(batch);
      const recordedIds = new Set<string>();
      for (const row of recorded) {
        recordedIds.add(row.id);
        metrics?.recorded(row.channel, row.kind);
      }
      const superseded = batch.filter((outcome) => !recordedIds.has(outcome.id));
      if (superseded.length > 0) {
        // Their claims ended and others took them: whatever those attempts find is what counts.
        for (const outcome of superseded) metrics?.recorded(outcome.channel, 'superseded');
        logger.warn(
          { deliveryIds: superseded.map((outcome) => outcome.id) },
          'delivery attempts outlived their claims; their outcomes were not recorded',
        );
      }
    } catch (error) {
      logger.error(
        { err: error, deliveryIds: batch.map((outcome) => outcome.id) },
        'could not record delivery outcomes; the deliveries are attempted again when their claims end',
      );
    }
  }
}
