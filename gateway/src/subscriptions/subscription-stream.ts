import type { FormattedExecutionResult } from 'graphql';

/** One payload waiting for a subscriber, with what the gateway needs to report on it. */
export interface StreamItem {
  result: FormattedExecutionResult;
  /** The stream position it carries (a timeline entry's position); reported when a client falls behind. */
  cursor?: number;
  /** When the event behind it happened (ms since the epoch); delivery latency is measured from it. */
  eventAt?: number;
}

export interface SubscriptionStreamOptions {
  /** Payloads kept for a subscriber that reads slower than events arrive; past it the stream ends. */
  capacity: number;
  /** The terminal result sent instead of the backlog when the subscriber fell too far behind. */
  lagging(lastCursor: number | null): FormattedExecutionResult;
  /** Called as each payload is handed to the socket (graphql-ws pulls the next only after a send). */
  onDeliver?(item: StreamItem): void;
  /** Called once when the stream ends, whoever ends it (client, error, overflow, shutdown). */
  onClose?(): void;
}

/**
 * The async iterator graphql-ws reads one subscription from. graphql-ws awaits each socket write before
 * pulling the next payload, so a slow client leaves payloads here; the buffer is bounded, and when it is
 * full the backlog is dropped and replaced by one terminal error carrying the last delivered cursor, so
 * the client can resubscribe from there. `return()` (client `complete`, socket closed) ends it at once,
 * even while a pull is pending.
 */
export class SubscriptionStream implements AsyncIterableIterator<FormattedExecutionResult> {
  private readonly buffer: StreamItem[] = [];
  private waiting: ((value: IteratorResult<FormattedExecutionResult>) => void) | null = null;
  private ending = false;
  private closed = false;
  private lastCursor: number | null = null;
  private roomWaiters: (() => void)[] = [];

  constructor(private readonly options: SubscriptionStreamOptions) {}

  /** Queues a payload; false when the stream is over (closed, or just overflowed and ended). */
  push(item: StreamItem): boolean {
    if (this.closed || this.ending) return false;
    if (this.waiting) {
      this.handOver(item);
      return true;
    }
    if (this.buffer.length >= this.options.capacity) {
      this.overflow();
      return false;
    }
    this.buffer.push(item);
    return true;
  }

  /** Drops the backlog and ends with the lagging error (the last delivered cursor in it). */
  overflow(): void {
    this.buffer.length = 0;
    this.finish(this.options.lagging(this.lastCursor));
  }

  get capacity(): number {
    return this.options.capacity;
  }

  /** Sends `result` (an error, usually) after what is already queued, then ends the stream. */
  finish(result?: FormattedExecutionResult): void {
    if (this.closed || this.ending) return;
    this.ending = true;
    this.releaseWaiters();
    if (result) this.buffer.push({ result });
    if (this.waiting && this.buffer.length === 0) this.close();
    else if (this.waiting) this.handOver(this.buffer.shift() as StreamItem);
  }

  get isOpen(): boolean {
    return !this.closed && !this.ending;
  }

  get queued(): number {
    return this.buffer.length;
  }

  /** Resolves once at most half the capacity is queued (or the stream is over): paced producers wait here. */
  waitForRoom(): Promise<void> {
    if (this.buffer.length <= this.options.capacity / 2 || !this.isOpen) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  next(): Promise<IteratorResult<FormattedExecutionResult>> {
    const item = this.buffer.shift();
    if (this.roomWaiters.length > 0 && this.buffer.length <= this.options.capacity / 2) this.releaseWaiters();
    if (item) return Promise.resolve(this.delivered(item));
    if (this.closed || this.ending) {
      this.close();
      return Promise.resolve({ done: true, value: undefined });
    }
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<FormattedExecutionResult>> {
    this.buffer.length = 0;
    this.close();
    return Promise.resolve({ done: true, value: undefined });
  }

  throw(error?: unknown): Promise<IteratorResult<FormattedExecutionResult>> {
    this.buffer.length = 0;
    this.close();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private handOver(item: StreamItem): void {
    const resolve = this.waiting;
    this.waiting = null;
    resolve?.(this.delivered(item));
  }

  private delivered(item: StreamItem): IteratorResult<FormattedExecutionResult> {
    if (item.cursor !== undefined) this.lastCursor = item.cursor;
    this.options.onDeliver?.(item);
    return { done: false, value: item.result };
  }

  private releaseWaiters(): void {
    for (const resolve of this.roomWaiters.splice(0)) resolve();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.releaseWaiters();
    const resolve = this.waiting;
    this.waiting = null;
    resolve?.({ done: true, value: undefined });
    this.options.onClose?.();
  }
}
