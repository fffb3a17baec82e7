import type { PubAck } from '@nats-io/jetstream';
import type { EventBus } from '@mim/messaging';

/**
 * Publishes an event as a producer's outbox relay would: the envelope without its subject, under the
 * event id as JetStream message id (another id gets past the broker's de-duplication, as a republish
 * does).
 */
export function publishEvent(
  bus: Pick<EventBus, 'js' | 'subjectOf'>,
  event: { subject: string; id: string },
  msgID: string = event.id,
): Promise<PubAck> {
  const { subject, ...envelope } = event;
  return bus.js.publish(bus.subjectOf(subject), JSON.stringify(envelope), { msgID });
}
