import { DeliverPolicy, type JetStreamClient, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type NatsConnection, connect } from '@nats-io/transport-node';
import { type HistoryEntry, readHistoryEntry } from './projected-events';

/** The event stream as a history to replay: its last sequence, and the incident subjects between two. */
export interface EventHistory {
  /** The stream's last sequence at this moment (0 while it is empty). */
  lastSequence(): Promise<number>;
  /**
   * Hands every stored message of `<prefix>.incident.>` whose sequence is in [from, to] to `onEntry`, in
   * stream order; resolves with how many were read.
   */
  read(range: { from: number; to: number }, onEntry: (entry: HistoryEntry) => void): Promise<number>;
  close(): Promise<void>;
}

export interface EventHistorySettings {
  servers: string[];
  stream: string;
  subjectPrefix: string;
}

/**
 * A connection of its own for one rebuild: the subgraph's request side has no broker connection, and a
 * rebuild must fail fast (not wait forever) when the broker is unreachable.
 */
export async function openEventHistory(settings: EventHistorySettings): Promise<EventHistory> {
  const connection = await connect({
    servers: settings.servers,
    name: 'mim-analytics-rebuild',
    timeout: 5000,
  });
  try {
    const jsm = await jetstreamManager(connection);
    const js = jetstream(connection);
    return {
      lastSequence: async () => (await jsm.streams.info(settings.stream)).state.last_seq,
      read: (range, onEntry) => readRange(js, settings, range, onEntry),
      close: () => closeConnection(connection),
    };
  } catch (error) {
    await closeConnection(connection);
    throw error;
  }
}

/**
 * An ordered consumer (ephemeral, no acks, flow-controlled, recreated by the client on a gap) filtered to
 * `<prefix>.incident.>`: one filter subject, as nats-server 2.9 allows. It stops at `to`, or as soon as
 * the server says no matching message follows (`pending` 0), whichever comes first.
 */
async function readRange(
  js: JetStreamClient,
  settings: EventHistorySettings,
  range: { from: number; to: number },
  onEntry: (entry: HistoryEntry) => void,
): Promise<number> {
  if (range.from > range.to) return 0;
  const consumer = await js.consumers.get(settings.stream, {
    filter_subjects: `${settings.subjectPrefix}.incident.>`,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: range.from,
  });
  if ((await consumer.info(true)).num_pending === 0) return 0;
  const messages = await consumer.consume({ max_messages: 1000 });
  const prefixLength = settings.subjectPrefix.length + 1;
  let read = 0;
  try {
    for await (const message of messages) {
      const sequence = message.info.streamSequence;
      if (sequence > range.to) break;
      onEntry(readHistoryEntry(message.subject.slice(prefixLength), message.data));
      read += 1;
      if (sequence === range.to || message.info.pending === 0) break;
    }
  } finally {
    await messages.close();
  }
  return read;
}

async function closeConnection(connection: NatsConnection): Promise<void> {
  if (!connection.isClosed()) await connection.close();
}
