import {
  type TestDatabase,
  deleteEventTopology,
  eventually,
  startNatsServer,
  testEventTopology,
} from '@mim/testing';
import { incidentCreatedV1 } from '@mim/contracts';
import type { DataSource } from 'typeorm';
import { type EventBus, OutboxRelay, appendToOutbox } from '../src';
import {
  appliedCount,
  bus,
  commitToOutbox,
  incidentCreated,
  messagingDatabase,
  recordingConsumer,
  silentLogger,
} from './messaging-harness';

describe('transactional outbox and relay', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    ({ database, dataSource } = await messagingDatabase('outbox'));
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('publishes committed events with the event id as message id, and nothing from a rolled-back transaction', async () => {
    const topology = testEventTopology();
    const eventBus = await bus(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', topology);
    const relay = new OutboxRelay({ dataSource, bus: eventBus, logger: silentLogger, pollIntervalMs: 100 });
    try {
      const committed = incidentCreated('committed');
      await commitToOutbox(dataSource, [committed]);
      await expect(
        dataSource.transaction(async (manager) => {
          await appendToOutbox(manager, [incidentCreated('rolled back')]);
          throw new Error('use case failed after writing');
        }),
      ).rejects.toThrow('use case failed');

      await relay.start();
      await eventually(async () => {
        const info = await eventBus.jsm.streams.info(topology.stream);
        expect(info.state.messages).toBe(1);
      });
      const stored = await eventBus.jsm.streams.getMessage(topology.stream, { seq: 1 });
      expect(stored?.header.get('Nats-Msg-Id')).toBe(committed.id);
      expect(stored?.json<{ data: { title: string } }>().data.title).toBe('committed');
      const [row] = await dataSource.query<[{ published_at: Date | null }]>(
        `SELECT published_at FROM outbox_message WHERE id = $1`,
        [committed.id],
      );
      expect(row.published_at).not.toBeNull();
    } finally {
      await relay.stop();
      await eventBus.close();
      await deleteEventTopology(topology);
    }
  });

  it('rejects an event that breaks its contract before anything is written', async () => {
    const broken = incidentCreated();
    (broken.data as { priority: string }).priority = 'P9';
    await expect(dataSource.transaction((manager) => appendToOutbox(manager, [broken]))).rejects.toThrow();
    const [row] = await dataSource.query<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM outbox_message WHERE id = $1`,
      [broken.id],
    );
    expect(row.n).toBe(0);
  });

  it('survives a broker outage: events written while NATS is down all arrive once it is back, none twice', async () => {
    const nats = await startNatsServer();
    const topology = testEventTopology();
    let eventBus: EventBus | null = null;
    let relay: OutboxRelay | null = null;
    const consumer: { stop(): Promise<void> } = { stop: () => Promise.resolve() };
    try {
      eventBus = await bus(nats.url, topology);
      relay = new OutboxRelay({
        dataSource,
        bus: eventBus,
        logger: silentLogger,
        pollIntervalMs: 100,
        publishTimeoutMs: 1000,
      });
      const recording = recordingConsumer({
        service: 'outage',
        definition: incidentCreatedV1,
        dataSource,
        bus: eventBus,
      });
      consumer.stop = () => recording.stop();
      await recording.start();
      await relay.start();

      const before = incidentCreated('before the outage');
      await commitToOutbox(dataSource, [before]);
      await eventually(async () => expect(await appliedCount(dataSource, before.id)).toBe(1));

      await nats.kill();
      const during = Array.from({ length: 20 }, (_, index) => incidentCreated(`during the outage #${index}`));
      for (const event of during) await commitToOutbox(dataSource, [event]);
      // Give the relay time to fail and back off against the dead broker.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const [pending] = await dataSource.query<[{ n: number }]>(
        `SELECT count(*)::int AS n FROM outbox_message WHERE published_at IS NULL AND id = ANY($1::uuid[])`,
        [during.map((event) => event.id)],
      );
      expect(pending.n).toBe(20);

      await nats.restart();
      await eventually(
        async () => {
          for (const event of during) expect(await appliedCount(dataSource, event.id)).toBe(1);
        },
        { timeoutMs: 30_000 },
      );
      const info = await eventBus.jsm.streams.info(topology.stream);
      expect(info.state.messages).toBe(21);
      expect(await appliedCount(dataSource)).toBe(21);
    } finally {
      await consumer.stop();
      await relay?.stop();
      await eventBus?.close();
      await nats.dispose();
    }
  });
});
