export { createTestDatabase, type TestDatabase } from './test-database';
export { testEventTopology, deleteEventTopology, provisionTestEventTopology } from './test-topology';
export { startNatsServer, type NatsServerProcess } from './nats-server';
export { testAuth, tokenFor } from './test-auth';
export { eventually } from './eventually';
export { graphqlRequest, type GraphQLResponse } from './graphql-request';
export { ServiceCaller } from './service-caller';
export { testServiceEnv } from './test-service-env';
export { startTestService, type TestService } from './start-test-service';
export { publishEvent } from './publish-event';
export { createMigratedTestDatabase, type MigratedTestDatabase } from './migrated-test-database';
export { startSmtpSink, type SmtpSink, type SinkMessage } from './smtp-sink';
export {
  startWebhookReceiver,
  webhookResponders,
  type WebhookReceiver,
  type ReceivedWebhook,
  type WebhookReply,
  type WebhookResponder,
} from './webhook-receiver';
export { seededRandom } from './seeded-random';
