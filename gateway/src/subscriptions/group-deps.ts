import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from '@mim/observability';
import type { GatewayContext } from '../context';
import type { FeedEvent } from './feed-event';
import type { OperationExecutor } from './operation-executor';
import type { Subscriber } from './subscriber';

/** What a subscription group needs from the gateway. */
export interface GroupDeps {
  execute: OperationExecutor;
  logger: Logger;
  /** Waits for the event feed, so nothing committed after a subscription is set up can be missed. */
  feedReady(): Promise<void>;
  /** Delays before retrying a payload query that failed for a reason other than access. */
  retryDelaysMs: readonly number[];
}

/**
 * The context a payload query runs with: the subscriber's own verified token (so each subgraph applies
 * its authorization to this subscriber, event by event), and the event's correlation id and trace.
 */
export function payloadContext(subscriber: Subscriber, event: FeedEvent | null): GatewayContext {
  return {
    caller: subscriber.caller,
    authorization: subscriber.authorization,
    correlationId: event?.envelope.correlationId ?? randomUUID(),
    traceparent:
      event?.traceparent ?? `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
  };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
