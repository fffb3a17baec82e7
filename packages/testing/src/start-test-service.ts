import type { ServiceEnv } from '@mim/config';
import type { EventTopology } from '@mim/messaging';
import { type RunningService, type ServiceDefinition, startService } from '@mim/service-kit';
import { type TestDatabase, createTestDatabase } from './test-database';
import { testServiceEnv } from './test-service-env';
import { deleteEventTopology, natsUrl as defaultNatsUrl, testEventTopology } from './test-topology';

export interface TestService<TEnv extends ServiceEnv> {
  service: RunningService<TEnv>;
  topology: EventTopology;
  database: TestDatabase;
  /** Stops the service, drops its database and deletes the topology if this helper created it. */
  stop(): Promise<void>;
}

/**
 * A whole service started in-process for an integration test: a fresh database, its own stream (unless
 * a topology is given, e.g. one shared by several services), the env parsed by the service's own schema.
 */
export async function startTestService<TEnv extends ServiceEnv>(
  definition: ServiceDefinition<TEnv>,
  readEnv: (source: Record<string, string>) => TEnv,
  options: {
    /** Part of the database name, e.g. the service's name. */
    label: string;
    natsUrl?: string;
    topology?: EventTopology;
    overrides?: Record<string, string>;
  },
): Promise<TestService<TEnv>> {
  const natsUrl = options.natsUrl ?? defaultNatsUrl();
  const topology = options.topology ?? testEventTopology();
  const ownsTopology = options.topology === undefined;
  const database = await createTestDatabase(options.label);
  const cleanUp = async () => {
    try {
      await database.drop();
    } finally {
      if (ownsTopology) await deleteEventTopology(topology, natsUrl);
    }
  };

  let service: RunningService<TEnv>;
  try {
    const env = testServiceEnv({
      databaseUrl: database.url,
      topology,
      natsUrl,
      overrides: options.overrides,
    });
    service = await startService(definition, readEnv(env));
  } catch (error) {
    // The start-up failure is what the test must report, not a clean-up one after it.
    await cleanUp().catch(() => undefined);
    throw error;
  }

  return {
    service,
    topology,
    database,
    async stop() {
      try {
        await service.stop();
      } finally {
        await cleanUp();
      }
    },
  };
}
