/** Handles one batch of one key: a settlement per item, in the items' order. */
export type BatchHandler<I, O> = (key: string, items: I[]) => Promise<PromiseSettledResult<O>[]>;

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (reason: unknown) => void;
}

/**
 * Group commit per key: one batch at a time per key, in arrival order, and keys alongside each other.
 * The items of a key that arrive while its batch runs wait; when it ends, they (at most `maxBatch`, the
 * rest after) form the next batch, handed over whole. A lone item is a batch of one. Items submitted in
 * the same tick share the first batch. Each submitter gets its own item's settlement; a failed batch
 * (the handler throwing) fails its items only, and the queue goes on.
 */
export class KeyedBatcher<I, O> {
  /** Keys with a batch running or about to: the items waiting for the next batch. */
  private readonly waiting = new Map<string, Pending<I, O>[]>();

  constructor(
    private readonly handle: BatchHandler<I, O>,
    private readonly maxBatch: number,
  ) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error('maxBatch must be a positive integer');
  }

  submit(key: string, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const pending = { item, resolve, reject };
      const queue = this.waiting.get(key);
      if (queue) {
        queue.push(pending);
        return;
      }
      this.waiting.set(key, [pending]);
      queueMicrotask(() => void this.drain(key));
    });
  }

  /** Keys with a batch running or queued. */
  get size(): number {
    return this.waiting.size;
  }

  private async drain(key: string): Promise<void> {
    const queue = this.waiting.get(key)!;
    while (queue.length > 0) {
      const batch = queue.splice(0, this.maxBatch);
      let settled: PromiseSettledResult<O>[];
      try {
        settled = await this.handle(
          key,
          batch.map((pending) => pending.item),
        );
      } catch (reason) {
        settled = batch.map(() => ({ status: 'rejected', reason }));
      }
      batch.forEach((pending, index) => {
        const result = settled[index];
        if (result?.status === 'fulfilled') pending.resolve(result.value);
        else pending.reject(result ? result.reason : new Error('The batch handler gave no result'));
      });
    }
    // Nothing waits and nothing runs: the next item starts a new batch (no await since the check above).
    this.waiting.delete(key);
  }
}
