import { incidentCreatedV1 } from '@mim/contracts';
import {
  type TestDatabase,
  deleteEventTopology,
  eventually,
  publishEvent,
  testEventTopology,
} from '@mim/testing';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { headers as natsHeaders, nanos } from '@nats-io/nats-core';
import type { DataSource } from 'typeorm';
import { type EventBus, type EventTopology, consumerName, parseDelivery, processOnce } from '../src';
import {
  appliedCount,
  bus,
  incidentCreated,
  messagingDatabase,
  recordingConsumer,
} from './messaging-harness';

describe('idempotent JetStream consumers', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let topology: EventTopology;
  let eventBus: EventBus;

  beforeAll(async () => {
    ({ database, dataSource } = await messagingDatabase('consumer'));
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });
  // A stream per test: a new durable consumer starts from the beginning of the stream.
  beforeEach(async () => {
    topology = testEventTopology();
    eventBus = await bus(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', topology);
  });
  afterEach(async () => {
    await eventBus?.close();
    await deleteEventTopology(topology);
  });

  it('gives every service its own durable consumer: one event reaches all of them', async () => {
    const analytics = recordingConsumer({
      service: 'fanout_a',
      definition: incidentCreatedV1,
      dataSource,
      bus: eventBus,
    });
    const notification = recordingConsumer({
      service: 'fanout_b',
      definition: incidentCreatedV1,
      dataSource,
      bus: eventBus,
    });
    await analytics.start();
    await notification.start();
    try {
      const event = incidentCreated();
      await publishEvent(eventBus, event);
      await eventually(async () => expect(await appliedCount(dataSource, event.id)).toBe(2));
    } finally {
      await analytics.stop();
      await notification.stop();
    }
  });

  it('handles up to `concurrency` messages at once, each once, and finishes them before stopping', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const consumer = recordingConsumer({
      service: 'concurrent',
      definition: incidentCreatedV1,
      dataSource,
      bus: eventBus,
      concurrency: 4,
      during: async () => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 100));
        running -= 1;
      },
    });
    const events = Array.from({ length: 12 }, () => incidentCreated());
    for (const event of events) await publishEvent(eventBus, event);
    await consumer.start();
    try {
      await eventually(async () => {
        for (const event of events) expect(await appliedCount(dataSource, event.id)).toBe(1);
      });
    } finally {
      await consumer.stop();
    }
    expect(mostAtOnce).toBe(4);
    expect(running).toBe(0);
  });

  it('applies an event republished under a new message id only once', async () => {
    const consumer = recordingConsumer({
      service: 'republish',
      definition: incidentCreatedV1,
      dataSource,
      bus: eventBus,
    });
    await consumer.start();
    try {
      const event = incidentCreated();
      await publishEvent(eventBus, event);
      const again = await publishEvent(eventBus, event, `${event.id}-republished`);
      expect(again.duplicate).toBe(false); // the broker stored it: only the inbox can stop it
      const marker = incidentCreated('marker after the duplicate');
      await publishEvent(eventBus, marker);
      await eventually(async () => expect(await appliedCount(dataSource, marker.id)).toBe(1));
      expect(await appliedCount(dataSource, event.id)).toBe(1);
      const info = await eventBus.jsm.consumers.info(topology.stream, consumer.name);
      expect(info.num_ack_pending).toBe(0);
      expect(info.delivered.consumer_seq).toBeGreaterThanOrEqual(3);
    } finally {
      await consumer.stop();
    }
  });

  it('applies an event redelivered after a crash between commit and ack only once', async () => {
    const service = 'crash';
    const event = incidentCreated();
    const consumer = recordingConsumer({ service, definition: incidentCreatedV1, dataSource, bus: eventBus });
    await consumer.provision();
    await publishEvent(eventBus, event);

    // The "crashing" process: receives the delivery, commits its effect and inbox row, never acks.
    const durable = await eventBus.js.consumers.get(
      topology.stream,
      consumerName(service, incidentCreatedV1),
    );
    const delivery = await durable.next({ expires: 5000 });
    expect(delivery).not.toBeNull();
    const parsed = parseDelivery(incidentCreatedV1, delivery!.data);
    if (!parsed.ok) throw new Error(parsed.reason);
    await processOnce(dataSource, consumer.name, parsed.event, async (received, manager) => {
      await manager.query(`INSERT INTO applied (event_id, consumer) VALUES ($1, $2)`, [received.id, service]);
    });
    expect(await appliedCount(dataSource, event.id)).toBe(1);

    // The restarted process gets the redelivery after the ack wait and must not apply it again.
    await consumer.start();
    try {
      await eventually(
        async () => {
          const info = await eventBus.jsm.consumers.info(topology.stream, consumer.name);
          // One stream message, delivered twice (the crashed attempt and the redelivery), now acknowledged.
          expect(info.delivered.stream_seq).toBe(1);
          expect(info.delivered.consumer_seq).toBe(2);
          expect(info.num_ack_pending).toBe(0);
          expect(info.ack_floor.stream_seq).toBe(1);
        },
        { timeoutMs: 10_000 },
      );
      expect(await appliedCount(dataSource, event.id)).toBe(1);
    } finally {
      await consumer.stop();
    }
  });

  it('dead-letters a poison message after bounded retries without blocking the messages behind it', async () => {
    const poison = incidentCreated('poison');
    const healthy = incidentCreated('healthy');
    const consumer = recordingConsumer({
      service: 'poison',
      definition: incidentCreatedV1,
      dataSource,
      bus: eventBus,
      failFor: (data) => data.title === 'poison',
    });
    await consumer.start();
    try {
      await publishEvent(eventBus, poison);
      await publishEvent(eventBus, healthy);
      // The healthy one is applied while the poison one is still being retried.
      await eventually(async () => expect(await appliedCount(dataSource, healthy.id)).toBe(1), {
        timeoutMs: 3000,
      });

      const deadLetter = await eventually(async () => {
        const message = await eventBus.jsm.streams.getMessage(topology.deadLetterStream, {
          last_by_subj: `${topology.deadLetterPrefix}.${consumer.name}`,
        });
        expect(message).not.toBeNull();
        return message!;
      });
      expect(deadLetter.json<{ id: string }>().id).toBe(poison.id);
      expect(deadLetter.header.get('Mim-Deliveries')).toBe('3');
      expect(deadLetter.header.get('Mim-Dead-Letter-Reason')).toContain('handler failed 3 times');
      expect(await appliedCount(dataSource, poison.id)).toBe(0);
      await eventually(async () => {
        const info = await eventBus.jsm.consumers.info(topology.stream, consumer.name);
        expect(info.num_ack_pending).toBe(0);
      });
    } finally {
      await consumer.stop();
    }
  });

  it('dead-letters a message that breaks the contract at once, and keeps going', async () => {
    const consumer = recordingConsumer({
      service: 'contract',
      definition: incidentCreatedV1,
      dataSource,
      bus: eventBus,
    });
    await consumer.start();
    try {
      const headers = natsHeaders();
      headers.set('Mim-Event-Type', 'incident.created');
      await eventBus.js.publish(eventBus.subjectOf(incidentCreatedV1.subject), '{"id":"not-an-envelope"}', {
        headers,
      });
      const after = incidentCreated('after the malformed one');
      await publishEvent(eventBus, after);
      await eventually(async () => expect(await appliedCount(dataSource, after.id)).toBe(1));
      const deadLetter = await eventually(async () => {
        const message = await eventBus.jsm.streams.getMessage(topology.deadLetterStream, {
          last_by_subj: `${topology.deadLetterPrefix}.${consumer.name}`,
        });
        expect(message).not.toBeNull();
        return message!;
      });
      expect(deadLetter.header.get('Mim-Dead-Letter-Reason')).toContain('contract violation');
      expect(deadLetter.header.get('Mim-Deliveries')).toBe('1');
    } finally {
      await consumer.stop();
    }
  });

  it('provisions consumers idempotently (a second replica starting changes nothing)', async () => {
    const first = recordingConsumer({
      service: 'replica',
      definition: incidentCreatedV1,
      dataSource,
      bus: eventBus,
    });
    const second = recordingConsumer({
      service: 'replica',
      definition: incidentCreatedV1,
      dataSource,
      bus: eventBus,
    });
    await first.provision();
    await second.provision();
    const info = await eventBus.jsm.consumers.info(topology.stream, first.name);
    expect(info.config).toMatchObject({
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: eventBus.subjectOf('incident.created.v1'),
      ack_wait: nanos(1500),
    });
  });
});
