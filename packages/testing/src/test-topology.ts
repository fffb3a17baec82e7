import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { type EventTopology, ensureEventStreams, eventTopology } from '@mim/messaging';

/** A stream and subject prefix of its own for each suite: runs never see each other's events. */
export function testEventTopology(): EventTopology {
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  return eventTopology({ stream: `TEST_${id.toUpperCase()}`, subjectPrefix: `test.${id}` });
}

export async function deleteEventTopology(topology: EventTopology, servers = natsUrl()): Promise<void> {
  const connection = await connect({ servers });
  try {
    const jsm = await jetstreamManager(connection);
    for (const stream of [topology.stream, topology.deadLetterStream]) {
      await jsm.streams.delete(stream).catch(() => false);
    }
  } finally {
    await connection.close();
  }
}

export function natsUrl(): string {
  return process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
}

/**
 * A private topology with its streams created, for a process that only reads events (the gateway):
 * its environment variables, and a function that deletes the streams afterwards.
 */
export async function provisionTestEventTopology(servers = natsUrl()): Promise<{
  topology: EventTopology;
  env: { NATS_URL: string; EVENTS_STREAM: string; EVENTS_SUBJECT_PREFIX: string };
  remove(): Promise<void>;
}> {
  const topology = testEventTopology();
  const connection = await connect({ servers });
  try {
    await ensureEventStreams(await jetstreamManager(connection), topology);
  } finally {
    await connection.close();
  }
  return {
    topology,
    env: { NATS_URL: servers, EVENTS_STREAM: topology.stream, EVENTS_SUBJECT_PREFIX: topology.subjectPrefix },
    remove: () => deleteEventTopology(topology, servers),
  };
}
