import type { Logger } from '@mim/observability';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { retryDelayMs } from './retry-policy';

export interface NotifiedLoopOptions {
  /** Names the loop in its log lines ("job scheduler", "delivery dispatcher"). */
  name: string;
  dataSource: DataSource;
  logger: Logger;
  /** The PostgreSQL channel whose NOTIFY says work is due. */
  channel: string;
  /** Longest sleep without a notification: bounds the delay after a lost NOTIFY or LISTEN connection. */
  maxSleepMs: number;
  /** The pause when work is due but none could be claimed (rows locked for a moment elsewhere). */
  busyPauseMs: number;
  /** One pass: handles what is due; says how much it claimed and how long until the next is due. */
  pass(): Promise<{ claimed: number; nextDueInMs: number }>;
  /** When a notification's work is due (epoch ms); default: at once. */
  dueAt?(payload: string | undefined): number;
}

/**
 * The loop of a table-backed worker: a pass, then a sleep until the next work is due (at most
 * `maxSleepMs`), cut short by a NOTIFY on `channel` from the transaction that made work due. A failed
 * pass is retried after a capped backoff. LISTEN holds its own connection, outside TypeORM's pool; a lost
 * one only costs latency (the capped sleep still ends) and is made again before the next sleep.
 */
export class NotifiedLoop {
  private running = false;
  private loop: Promise<void> | null = null;
  private listener: Client | null = null;
  /** The earliest due time notified while a pass ran; the next sleep ends by then. */
  private notifiedDueAt = Number.POSITIVE_INFINITY;
  private sleeping: { wakeAt: number; timer: NodeJS.Timeout | undefined; resolve: () => void } | null = null;

  constructor(private readonly options: NotifiedLoopOptions) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  /** Ends the sleep, lets the pass in progress finish, then closes the LISTEN connection. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    this.loop = null;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  private async run(): Promise<void> {
    let consecutiveErrors = 0;
    while (this.running) {
      let delayMs: number;
      this.notifiedDueAt = Number.POSITIVE_INFINITY;
      try {
        const { claimed, nextDueInMs } = await this.options.pass();
        // Due yet unclaimable: checking again at once would spin; a short pause bounds that rare case.
        delayMs =
          claimed === 0 && nextDueInMs === 0
            ? Math.min(this.options.maxSleepMs, this.options.busyPauseMs)
            : nextDueInMs;
        consecutiveErrors = 0;
      } catch (error) {
        consecutiveErrors += 1;
        delayMs = retryDelayMs(consecutiveErrors, { baseDelayMs: 200, maxDelayMs: this.options.maxSleepMs });
        if (this.running) {
          this.options.logger.warn({ err: error, delayMs }, `${this.options.name} could not reach its table`);
        }
      }
      if (this.running) await this.sleep(delayMs);
    }
  }

  private async listen(): Promise<void> {
    const { url } = this.options.dataSource.options as { url?: string };
    const client = new Client({ connectionString: url });
    client.on('notification', (message) =>
      this.notified(this.options.dueAt?.(message.payload) ?? Date.now()),
    );
    client.on('error', (error) => {
      this.options.logger.warn(
        { err: error },
        `${this.options.name} LISTEN connection lost; sleeping capped`,
      );
      if (this.listener === client) this.listener = null;
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.options.channel}`);
      this.listener = client;
    } catch (error) {
      this.options.logger.warn({ err: error }, `${this.options.name} LISTEN unavailable; sleeping capped`);
      await client.end().catch(() => undefined);
    }
  }

  /** Work is due at `dueAt`: end the current or next sleep by then if that is sooner. */
  private notified(dueAt: number): void {
    const at = Number.isFinite(dueAt) ? dueAt : Date.now();
    if (!this.sleeping) this.notifiedDueAt = Math.min(this.notifiedDueAt, at);
    else if (at < this.sleeping.wakeAt) this.arm(at);
  }

  private async sleep(delayMs: number): Promise<void> {
    if (!this.listener && this.running) await this.listen();
    const wakeAt = Math.min(Date.now() + delayMs, this.notifiedDueAt);
    if (wakeAt <= Date.now() || !this.running) return;
    await new Promise<void>((resolve) => {
      this.sleeping = { wakeAt, resolve, timer: undefined };
      this.arm(wakeAt);
    });
  }

  private arm(wakeAt: number): void {
    if (!this.sleeping) return;
    clearTimeout(this.sleeping.timer);
    this.sleeping.wakeAt = wakeAt;
    this.sleeping.timer = setTimeout(() => this.wake(), Math.max(0, wakeAt - Date.now()));
  }

  private wake(): void {
    const sleeping = this.sleeping;
    if (!sleeping) return;
    this.sleeping = null;
    clearTimeout(sleeping.timer);
    sleeping.resolve();
  }
}
