import type { Logger } from '@mim/observability';
import { NotifiedLoop } from '@mim/scheduler';
import type { BackgroundWorker } from '@mim/service-kit';
import type { DataSource } from 'typeorm';
import {
  type AttemptResult,
  type ChannelSender,
  type ClaimedDelivery,
  transientFailure,
} from './delivery.attempt';
import { type RetryPolicy, retryDelayMs } from './delivery.backoff';
import { deliveryChannel } from './delivery.channel';
import type { DeliveryMetrics } from './delivery.metrics';
import { OutcomeRecorder } from './delivery.recorder';
import { type DeliveryOutcome, DeliveryStore } from './delivery.store';

export { deliveryChannel } from './delivery.channel';

export interface DeliveryDispatcherOptions {
  dataSource: DataSource;
  logger: Logger;
  senders: Record<ClaimedDelivery['channel'], ChannelSender>;
  retry: RetryPolicy;
  /** Sends in flight at once. */
  concurrency: number;
  /** How long a claim holds a delivery; it must outlast a send plus its wait in the claimed queue. */
  leaseMs: number;
  /** Deliveries claimed per statement; default twice the concurrency. */
  batchSize?: number;
  /** Longest sleep without a notification: bounds the delay after a lost NOTIFY or LISTEN connection. */
  maxSleepMs?: number;
  /** Outcomes written per transaction at most, and how long one may wait for others to join it. */
  flushSize?: number;
  flushIntervalMs?: number;
  /** Outcome transactions at once (default 2). */
  parallelWrites?: number;
  metrics?: DeliveryMetrics;
  /** The jitter's source; Math.random unless a test fixes it. */
  random?: () => number;
}

/**
 * Sends the email and webhook deliveries (`notification` rows, PENDING and due), with retries and dead
 * letters, exactly once as far as a sender can tell.
 *
 * Claim: one statement takes due rows `FOR UPDATE SKIP LOCKED`, counts the attempt and stamps a lease
 * (`locked_until` = `next_attempt_at` = now + lease), and commits (delivery.store.ts). Until the lease ends
 * no other dispatcher, in this process or another replica, can claim the row, so no attempt is made twice
 * at once; a dispatcher that dies mid-send leaves a claim that is simply due again when its lease ends.
 * Send: claimed deliveries are sent concurrently (at most `concurrency` in flight), the next batch claimed
 * while the last ones are still sending. Record: outcomes are written in batches, one UPDATE per batch,
 * each row only if it still carries this attempt's claim: SENT with its `notification.sent.v1` in the same
 * transaction; PENDING again after the backoff (exponential, full jitter, capped; a receiver's Retry-After
 * within the cap); DEAD_LETTERED after the last attempt or at once on a permanent refusal.
 *
 * Exactly once: the unique (source event, recipient, channel) row means a redelivered event never makes a
 * second delivery; the claim means two dispatchers never send the same attempt. What remains is a crash
 * (or a lost database) between the receiver accepting and our commit: the attempt is then made again after
 * its lease. For that rare repeat every email carries the stable `Message-ID: <delivery id@domain>` and
 * every webhook the header `X-MIM-Delivery-Id`, so a receiver that remembers the ids it handled drops it.
 *
 * Wake-ups: the loop LISTENs on `deliveryChannel` (the planner and resends notify it when they commit due
 * deliveries); otherwise it sleeps until the earliest next attempt, at most `maxSleepMs`.
 */
export class DeliveryDispatcher implements BackgroundWorker {
  readonly name = 'notification-delivery-dispatcher';
  private readonly store: DeliveryStore;
  private readonly batchSize: number;
  private readonly maxSleepMs: number;
  /** Set by stop(): no more claims or attempts start; those in flight finish and are recorded. */
  private stopping = false;
  private readonly loop: NotifiedLoop;

  constructor(private readonly options: DeliveryDispatcherOptions) {
    if (options.retry.maxAttempts < 1) throw new RangeError('retry.maxAttempts must be at least 1');
    if (options.concurrency < 1) throw new RangeError('concurrency must be at least 1');
    this.store = new DeliveryStore(options.dataSource);
    this.batchSize = options.batchSize ?? options.concurrency * 2;
    this.maxSleepMs = options.maxSleepMs ?? 5000;
    this.loop = new NotifiedLoop({
      name: 'delivery dispatcher',
      dataSource: options.dataSource,
      logger: options.logger,
      channel: deliveryChannel,
      maxSleepMs: this.maxSleepMs,
      // Due yet unclaimable: rows locked for a moment by another claim.
      busyPauseMs: 250,
      pass: async () => ({
        claimed: await this.runDue(),
        nextDueInMs: await this.store.msUntilNextDue(this.maxSleepMs),
      }),
    });
  }

  async start(): Promise<void> {
    this.stopping = false;
    await this.loop.start();
  }

  /** Lets the attempts in flight finish and be recorded; claimed deliveries not yet attempted are released. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop.stop();
    await Promise.all(Object.values(this.options.senders).map((sender) => sender.close()));
  }

  /**
   * Attempts every delivery due now, claim after claim, until a claim comes back short; resolves once all
   * their outcomes are recorded, with how many were claimed. The loop's step; tests call it directly.
   */
  async runDue(): Promise<number> {
    const recorder = new OutcomeRecorder({
      store: this.store,
      logger: this.options.logger,
      metrics: this.options.metrics,
      flushSize: this.options.flushSize ?? 200,
      flushIntervalMs: this.options.flushIntervalMs ?? 20,
      parallelWrites: this.options.parallelWrites ?? 2,
    });
    const queue: ClaimedDelivery[] = [];
    let claimedCount = 0;
    let exhausted = false;
    const failure: { error: Error | null } = { error: null };
    let claiming: Promise<void> | null = null;
    const refill = (): Promise<void> => {
      claiming ??= this.store
        .claim(this.batchSize, this.options.leaseMs)
        .then(
          (claimed) => {
            claimedCount += claimed.length;
            queue.push(...claimed);
            if (claimed.length < this.batchSize) exhausted = true;
          },
          (error: unknown) => {
            failure.error =
              error instanceof Error ? error : new Error('claiming deliveries failed', { cause: error });
            exhausted = true;
          },
        )
        .finally(() => {
          claiming = null;
        });
      return claiming;
    };
    const worker = async (): Promise<void> => {
      for (;;) {
        if (this.stopping) return;
        // Claim the next batch while this one is still being sent, so senders never wait on a claim.
        if (!exhausted && queue.length < this.options.concurrency) void refill();
        const delivery = queue.shift();
        if (delivery) {
          recorder.add(await this.attempt(delivery));
        } else if (claiming) {
          await claiming;
        } else if (exhausted) {
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, worker));
    await (claiming as Promise<void> | null);
    await recorder.drain();
    if (queue.length > 0) await this.releaseUnattempted(queue);
    if (failure.error) throw failure.error;
    return claimedCount;
  }

  /** One attempt of one delivery, and what to record for it. Never throws. */
  private async attempt(delivery: ClaimedDelivery): Promise<DeliveryOutcome> {
    const { retry, senders, metrics } = this.options;
    let result: AttemptResult;
    if (delivery.attempt > retry.maxAttempts) {
      // Earlier attempts never finished (their process died each time): stop rather than try forever.
      result = {
        outcome: 'failed',
        permanent: true,
        error: delivery.lastError ?? `no attempt finished in ${retry.maxAttempts} tries`,
        retryAfterMs: null,
      };
    } else {
      const started = performance.now();
      try {
        result = await senders[delivery.channel].send(delivery);
      } catch (error) {
        result = transientFailure(error instanceof Error ? error.message : String(error));
      }
      metrics?.attemptDuration(delivery.channel, (performance.now() - started) / 1000);
    }
    const base = { id: delivery.id, channel: delivery.channel, lease: delivery.lease };
    if (result.outcome === 'sent') return { ...base, kind: 'sent', delayMs: 0, error: null };
    const context = {
      deliveryId: delivery.id,
      channel: delivery.channel,
      attempt: delivery.attempt,
      incidentId: delivery.incidentId,
      correlationId: delivery.correlationId,
      error: result.error,
    };
    if (result.permanent || delivery.attempt >= retry.maxAttempts) {
      this.options.logger.error(
        context,
        result.permanent
          ? 'delivery refused for good; dead-lettered (resendNotification)'
          : 'delivery failed on its last attempt; dead-lettered (resendNotification)',
      );
      return { ...base, kind: 'dead_lettered', delayMs: 0, error: result.error };
    }
    const delayMs = retryDelayMs(delivery.attempt, retry, result.retryAfterMs, this.options.random);
    this.options.logger.warn({ ...context, delayMs }, 'delivery attempt failed; will retry');
    return { ...base, kind: 'retry', delayMs, error: result.error };
  }

  private async releaseUnattempted(claims: ClaimedDelivery[]): Promise<void> {
    try {
      await this.store.release(claims);
    } catch (error) {
      this.options.logger.warn(
        { err: error, deliveries: claims.length },
        'could not release unattempted claims; they are due again when their lease ends',
      );
    }
  }
}
