import type { Logger } from '@mim/observability';
import type { DataSource } from 'typeorm';
import type { AnalyticsEnv } from '../../env';
import { openEventHistory } from './event-history';
import { ProjectionRebuild } from './rebuild.service';

/** The rebuild as the service's settings make it: its own broker connection per run, to the service's stream. */
export function createProjectionRebuild(deps: {
  dataSource: DataSource;
  env: Pick<AnalyticsEnv, 'NATS_URL' | 'EVENTS_STREAM' | 'EVENTS_SUBJECT_PREFIX'>;
  logger: Logger;
}): ProjectionRebuild {
  const { env } = deps;
  return new ProjectionRebuild({
    dataSource: deps.dataSource,
    logger: deps.logger,
    openHistory: () =>
      openEventHistory({
        servers: env.NATS_URL,
        stream: env.EVENTS_STREAM,
        subjectPrefix: env.EVENTS_SUBJECT_PREFIX,
      }),
  });
}
