import type { EventData, EventDefinition } from '@mim/contracts';
import { AckPolicy, type ConsumerMessages, DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders, nanos } from '@nats-io/nats-core';
import type { Logger, ServiceMetrics } from '@mim/observability';
import type { DataSource } from 'typeorm';
import type { EventBus } from './event-bus';
import { messagingHeaders } from './headers';
import { parseDelivery } from './parse-delivery';
import { type EventHandler, processOnce } from './process-once';

export interface EventConsumerOptions<TDef extends EventDefinition> {
  /** The consuming service, e.g. `analytics`; with the subject it names the durable consumer. */
  service: string;
  definition: TDef;
  handler: EventHandler<EventData<TDef>>;
  dataSource: DataSource;
  bus: EventBus;
  logger: Logger;
  metrics?: ServiceMetrics;
  /** Handling attempts before the message goes to the dead-letter stream. */
  maxDeliver: number;
  /** Delay before each retry after a failed attempt; the last value repeats. */
  retryDelaysMs: number[];
  ackWaitMs: number;
  batchSize?: number;
  /**
   * Messages handled at once (default 1: one after another, in stream order). More is for handlers
   * that do not depend on the order of their subject's messages (order-tolerant projections): each
   * message still gets its own transaction, inbox row and ack, so nothing else changes.
   */
  concurrency?: number;
}

/** Durable consumer name: one per (service, event subject), so every service gets every event. */
export function consumerName(service: string, definition: EventDefinition): string {
  return `${service}__${definition.subject.replace(/\./g, '_')}`;
}

/**
 * One durable pull consumer for one event subject. Explicit ack after the handler's transaction commits;
 * a failed attempt is retried later (nak with delay) so it never blocks the messages behind it; after
 * `maxDeliver` attempts, or at once for a message that breaks the contract, it is copied to the
 * dead-letter stream and terminated.
 */
export class EventConsumer<TDef extends EventDefinition> {
  readonly name: string;
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;
  private running = false;

  constructor(private readonly options: EventConsumerOptions<TDef>) {
    this.name = consumerName(options.service, options.definition);
  }

  get filterSubject(): string {
    return this.options.bus.subjectOf(this.options.definition.subject);
  }

  /** Creates or updates the durable consumer; idempotent across replicas. */
  async provision(): Promise<void> {
    const { bus } = this.options;
    const config = {
      durable_name: this.name,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: this.filterSubject,
      ack_wait: nanos(this.options.ackWaitMs),
      // Bounded by this class (it dead-letters); unlimited on the server so a message is never stranded.
      max_deliver: -1,
      max_ack_pending: 1000,
    };
    await bus.jsm.consumers.add(bus.topology.stream, config).catch(async (error: unknown) => {
      // A consumer that exists with other settings (e.g. a changed ack wait) is updated in place.
      if (String(error).includes('consumer already exists')) {
        await bus.jsm.consumers.update(bus.topology.stream, this.name, {
          ack_wait: config.ack_wait,
          max_ack_pending: config.max_ack_pending,
        });
        return;
      }
      throw error;
    });
  }

  async start(): Promise<void> {
    await this.provision();
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.messages?.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { bus, logger } = this.options;
    let failures = 0;
    while (this.running) {
      try {
        const consumer = await bus.js.consumers.get(bus.topology.stream, this.name);
        this.messages = await consumer.consume({ max_messages: this.options.batchSize ?? 64 });
        failures = 0;
        const concurrency = Math.max(1, this.options.concurrency ?? 1);
        const inFlight = new Set<Promise<void>>();
        try {
          for await (const message of this.messages) {
            const handling: Promise<void> = this.handle(message)
              .catch((error: unknown) => logger.error({ err: error, consumer: this.name }, 'handling failed'))
              .finally(() => inFlight.delete(handling));
            inFlight.add(handling);
            if (inFlight.size >= concurrency) await Promise.race(inFlight);
            if (!this.running) break;
          }
        } finally {
          // Stopping or restarting: every message taken is finished (acked or nakked) first.
          await Promise.all(inFlight);
        }
      } catch (error) {
        if (!this.running) break;
        failures += 1;
        logger.warn({ err: error, consumer: this.name }, 'consumer loop failed; restarting');
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 250 * 2 ** failures)));
      }
    }
  }

  /** Handles one delivery; exposed so a test can drive the exact production path. */
  async handle(message: JsMsg): Promise<void> {
    const { definition, dataSource, handler, logger, metrics, maxDeliver } = this.options;
    const deliveries = message.info.deliveryCount;
    const parsed = parseDelivery(definition, message.data);
    if (!parsed.ok) {
      await this.deadLetter(message, `contract violation: ${parsed.reason}`);
      return;
    }
    if (deliveries > maxDeliver) {
      // Earlier attempts never came back (the process died while handling): stop feeding the crash loop.
      await this.deadLetter(message, `no outcome after ${maxDeliver} deliveries`);
      return;
    }
    try {
      const outcome = await processOnce(dataSource, this.name, parsed.event, handler);
      message.ack();
      metrics?.eventsConsumed.inc({ consumer: this.name, outcome });
      if (outcome === 'processed') {
        const lagSeconds = (Date.now() - Date.parse(parsed.event.occurredAt)) / 1000;
        metrics?.eventLagSeconds.observe({ consumer: this.name }, lagSeconds);
      }
    } catch (error) {
      if (deliveries >= maxDeliver) {
        await this.deadLetter(message, `handler failed ${deliveries} times: ${String(error)}`);
        return;
      }
      const delays = this.options.retryDelaysMs;
      const delay = delays[Math.min(deliveries - 1, delays.length - 1)] ?? 1000;
      logger.warn(
        { err: error, consumer: this.name, eventId: parsed.event.id, deliveries },
        'handler failed; will retry',
      );
      metrics?.eventsConsumed.inc({ consumer: this.name, outcome: 'retried' });
      message.nak(delay);
    }
  }

  private async deadLetter(message: JsMsg, reason: string): Promise<void> {
    const { bus, logger, metrics } = this.options;
    const headers = natsHeaders();
    for (const [key, values] of message.headers ?? []) {
      if (key.toLowerCase() !== 'nats-msg-id') for (const value of values) headers.append(key, value);
    }
    // Header values are single lines; validation messages often are not.
    headers.set(messagingHeaders.deadLetterReason, reason.replace(/\s+/g, ' ').slice(0, 1000));
    headers.set(messagingHeaders.deadLetterConsumer, this.name);
    headers.set(messagingHeaders.originalSubject, message.subject);
    headers.set(messagingHeaders.deliveries, String(message.info.deliveryCount));
    try {
      await bus.js.publish(`${bus.topology.deadLetterPrefix}.${this.name}`, message.data, {
        headers,
        msgID: `${this.name}:${message.info.streamSequence}`,
      });
    } catch (error) {
      // Without a dead-letter copy the message must stay in the stream: retry later instead of dropping it.
      logger.error({ err: error, consumer: this.name }, 'dead-letter publish failed; will retry');
      message.nak(5000);
      return;
    }
    // No reason argument: NATS servers before 2.10 ignore a `+TERM` that carries one.
    message.term();
    metrics?.eventsConsumed.inc({ consumer: this.name, outcome: 'dead_lettered' });
    logger.error({ consumer: this.name, subject: message.subject, reason }, 'message dead-lettered');
  }
}
