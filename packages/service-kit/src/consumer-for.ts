import type { EventData, EventDefinition } from '@mim/contracts';
import { type EventHandler, EventConsumer } from '@mim/messaging';
import type { ServiceDeps } from './run-service';

/**
 * A durable, idempotent consumer of one event subject, configured from the service's env. Each file in a
 * service's `consumers/` folder builds one with this.
 */
export function consumerFor<TDef extends EventDefinition>(
  deps: ServiceDeps,
  service: string,
  definition: TDef,
  handler: EventHandler<EventData<TDef>>,
  /** `concurrency` > 1 only for handlers that do not depend on their subject's order (EventConsumer). */
  options: { concurrency?: number } = {},
): EventConsumer<never> {
  const consumer = new EventConsumer({
    service,
    definition,
    handler,
    dataSource: deps.dataSource,
    bus: deps.bus,
    logger: deps.logger,
    metrics: deps.metrics,
    maxDeliver: deps.env.EVENTS_MAX_DELIVER,
    retryDelaysMs: deps.env.EVENTS_RETRY_DELAYS_MS,
    ackWaitMs: deps.env.EVENTS_ACK_WAIT_MS,
    concurrency: options.concurrency,
  });
  // The runtime only starts and stops consumers; erasing the event type lets one list hold them all.
  return consumer as unknown as EventConsumer<never>;
}
