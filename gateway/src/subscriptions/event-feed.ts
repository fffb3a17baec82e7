import { messagingHeaders } from '@mim/messaging';
import type { Logger } from '@mim/observability';
import { type ConsumerMessages, DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { type NatsConnection, connect } from '@nats-io/transport-node';
import { type FeedEvent, parseFeedEvent } from './feed-event';

export interface EventFeedOptions {
  servers: string[];
  stream: string;
  subjectPrefix: string;
  /** Event subjects to follow, relative to the prefix, e.g. `incident.>`. */
  subjects: readonly string[];
  logger: Logger;
  onEvent(event: FeedEvent): void;
  /** Delay before retrying a consumer that could not be created (stream missing, broker down). */
  retryDelayMs?: number;
}

/**
 * The gateway's view of the event stream: one ordered (ephemeral, flow-controlled) JetStream consumer
 * per followed subject, starting at new events. Every gateway replica runs its own, so every replica
 * sees every event and serves its own sockets with no shared state. An ordered consumer resumes from its
 * last stream sequence after a reconnect, so a broker outage delays pushes instead of dropping them.
 */
export class EventFeed {
  private connection: NatsConnection | null = null;
  private readonly consumers: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];
  private stopped = false;
  private readyCount = 0;
  private readonly readyWaiters: (() => void)[] = [];

  constructor(private readonly options: EventFeedOptions) {}

  /** Connects in the background (reconnecting forever); `whenReady()` resolves once every consumer runs. */
  start(): void {
    void this.run();
  }

  get ready(): boolean {
    return this.readyCount === this.options.subjects.length;
  }

  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const messages of this.consumers) await messages.close().catch(() => undefined);
    await Promise.allSettled(this.loops);
    if (this.connection && !this.connection.isClosed()) await this.connection.close();
  }

  private async run(): Promise<void> {
    const { logger } = this.options;
    while (!this.stopped && !this.connection) {
      try {
        this.connection = await connect({
          servers: this.options.servers,
          name: 'gateway-subscriptions',
          maxReconnectAttempts: -1,
          reconnectTimeWait: 500,
        });
      } catch (error) {
        logger.warn({ err: error }, 'cannot reach NATS yet; subscriptions wait for it');
        await this.pause();
      }
    }
    if (this.stopped || !this.connection) return;
    const connection = this.connection;
    void (async () => {
      for await (const status of connection.status()) {
        if (status.type === 'disconnect' || status.type === 'reconnect') {
          logger.warn({ natsStatus: status.type }, 'subscription feed: NATS connection status changed');
        }
      }
    })();
    for (const subject of this.options.subjects) this.loops.push(this.follow(connection, subject));
  }

  private async follow(connection: NatsConnection, subject: string): Promise<void> {
    const { logger, stream, subjectPrefix } = this.options;
    const js = jetstream(connection);
    let messages: ConsumerMessages | null = null;
    while (!this.stopped && !messages) {
      try {
        const consumer = await js.consumers.get(stream, {
          // A string, not an array: nats-server 2.9 has no multi-filter consumers.
          filter_subjects: `${subjectPrefix}.${subject}`,
          deliver_policy: DeliverPolicy.New,
        });
        messages = await consumer.consume();
      } catch (error) {
        logger.warn({ err: error, stream, subject }, 'subscription feed: cannot follow the stream yet');
        await this.pause();
      }
    }
    if (!messages) return;
    this.consumers.push(messages);
    this.markReady();
    for await (const message of messages) {
      const parsed = parseFeedEvent(message.data, message.headers?.get(messagingHeaders.traceparent) || null);
      if (!parsed.ok) {
        logger.warn({ subject: message.subject, reason: parsed.reason }, 'subscription feed: event ignored');
        continue;
      }
      try {
        this.options.onEvent(parsed.event);
      } catch (error) {
        logger.error({ err: error, eventId: parsed.event.envelope.id }, 'subscription feed: dispatch failed');
      }
    }
  }

  private markReady(): void {
    this.readyCount += 1;
    if (!this.ready) return;
    for (const resolve of this.readyWaiters.splice(0)) resolve();
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs ?? 1000).unref());
  }
}
