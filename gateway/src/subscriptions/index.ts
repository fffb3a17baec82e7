import type http from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { TokenVerifier } from '@mim/auth';
import type { Logger, ServiceMetrics } from '@mim/observability';
import type { GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context';
import type { GatewayEnv } from '../env';
import type { OperationLimits } from '../limits';
import { EventFeed } from './event-feed';
import { createOperationExecutor } from './operation-executor';
import { SubscriptionHub } from './subscription-hub';
import { followedSubjects } from './subscription-fields';
import { attachSubscriptionServer } from './websocket-server';

export { subscriptionFields, followedSubjects, authorizationScope } from './subscription-fields';
export { socketCloseCodes } from './websocket-server';

export interface Subscriptions {
  /** True once the event feed follows every subject (subscriptions cannot miss events from then on). */
  feedReady(): boolean;
  openSubscriptions(): number;
  stop(): Promise<void>;
}

/**
 * Live subscriptions: the event feed (NATS), the hub that groups identical subscriptions and resolves
 * payloads through the gateway's own federation pipeline, and the graphql-ws server on `/graphql`.
 */
export function startSubscriptions(options: {
  httpServer: http.Server;
  server: ApolloServer<GatewayContext>;
  env: GatewayEnv;
  logger: Logger;
  metrics: ServiceMetrics;
  verify: TokenVerifier;
  limits: OperationLimits;
  apiSchema(): GraphQLSchema | null;
}): Subscriptions {
  const logger = options.logger.child({ component: 'subscriptions' });
  const execute = createOperationExecutor(options.server);
  const feed = new EventFeed({
    servers: options.env.NATS_URL,
    stream: options.env.EVENTS_STREAM,
    subjectPrefix: options.env.EVENTS_SUBJECT_PREFIX,
    subjects: followedSubjects,
    logger,
    onEvent: (event) => hub.dispatch(event),
  });
  const hub: SubscriptionHub = new SubscriptionHub({
    execute,
    logger,
    metrics: options.metrics,
    bufferSize: options.env.SUBSCRIPTION_BUFFER_SIZE,
    feedReady: () => feed.whenReady(),
    retryDelaysMs: [250, 1000, 5000],
  });
  feed.start();
  const socketServer = attachSubscriptionServer({
    httpServer: options.httpServer,
    path: '/graphql',
    env: options.env,
    logger,
    metrics: options.metrics,
    verify: options.verify,
    limits: options.limits,
    apiSchema: () => options.apiSchema(),
    hub,
    execute,
  });
  return {
    feedReady: () => feed.ready,
    openSubscriptions: () => hub.openSubscriptions,
    async stop() {
      await socketServer.close();
      await feed.stop();
    },
  };
}
