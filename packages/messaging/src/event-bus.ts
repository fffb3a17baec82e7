import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type NatsConnection, connect } from '@nats-io/transport-node';
import type { Logger } from '@mim/observability';
import { type EventTopology, ensureEventStreams } from './topology';

export interface EventBus {
  connection: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  topology: EventTopology;
  /** Full subject of a versioned event subject, e.g. `mim.events.incident.created.v1`. */
  subjectOf(relativeSubject: string): string;
  close(): Promise<void>;
}

/**
 * Connects for the life of the process: reconnects forever (a broker outage delays events, it must not
 * kill the service), and provisions the streams in code so a fresh broker needs no manual set-up.
 */
export async function connectEventBus(options: {
  servers: string[];
  name: string;
  topology: EventTopology;
  logger: Logger;
}): Promise<EventBus> {
  const connection = await connect({
    servers: options.servers,
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
  });
  void (async () => {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect' || status.type === 'error') {
        options.logger.warn({ natsStatus: status.type }, 'NATS connection status changed');
      }
    }
  })();
  const jsm = await jetstreamManager(connection);
  await ensureEventStreams(jsm, options.topology);
  const js = jetstream(connection);
  return {
    connection,
    js,
    jsm,
    topology: options.topology,
    subjectOf: (relativeSubject) => `${options.topology.subjectPrefix}.${relativeSubject}`,
    close: async () => {
      if (!connection.isClosed()) await connection.drain();
    },
  };
}
