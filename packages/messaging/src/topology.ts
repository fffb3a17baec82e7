import {
  type JetStreamManager,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';

/**
 * Where events live. All events share one stream (`<prefix>.>`); dead letters have their own stream so
 * a poison message is kept for inspection without ever blocking the main subjects.
 */
export interface EventTopology {
  stream: string;
  subjectPrefix: string;
  deadLetterStream: string;
  deadLetterPrefix: string;
  /** 0 keeps events forever: the stream is the history projections are rebuilt from. */
  maxAgeMs: number;
  replicas: number;
}

export function eventTopology(options: {
  stream: string;
  subjectPrefix: string;
  maxAgeMs?: number;
  replicas?: number;
}): EventTopology {
  return {
    stream: options.stream,
    subjectPrefix: options.subjectPrefix,
    deadLetterStream: `${options.stream}_DLQ`,
    deadLetterPrefix: `${options.subjectPrefix}-dlq`,
    maxAgeMs: options.maxAgeMs ?? 0,
    replicas: options.replicas ?? 1,
  };
}

const duplicateWindowMs = 2 * 60 * 1000;
/** NATS 'stream name already in use' (the client library has no constant for it). */
const streamNameInUse = 10058;

/** Creates the streams, or brings their subjects up to date; safe to run from every replica at start-up. */
export async function ensureEventStreams(jsm: JetStreamManager, topology: EventTopology): Promise<void> {
  await ensureStream(jsm, topology.stream, `${topology.subjectPrefix}.>`, topology);
  await ensureStream(jsm, topology.deadLetterStream, `${topology.deadLetterPrefix}.>`, topology);
}

async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  subject: string,
  topology: EventTopology,
): Promise<void> {
  try {
    const info = await jsm.streams.info(name);
    if (!info.config.subjects?.includes(subject)) {
      await jsm.streams.update(name, { ...info.config, subjects: [subject] });
    }
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
    try {
      await jsm.streams.add({
        name,
        subjects: [subject],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        max_age: nanos(topology.maxAgeMs),
        duplicate_window: nanos(duplicateWindowMs),
        num_replicas: topology.replicas,
      });
    } catch (addError) {
      // Another replica created it between our info and add: that is the state we wanted.
      if (!(addError instanceof JetStreamApiError && addError.code === streamNameInUse)) {
        throw addError;
      }
    }
  }
}
