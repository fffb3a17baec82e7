export { createTestDatabase, type TestDatabase } from './test-database';
export { testEventTopology, deleteEventTopology } from './test-topology';
export { startNatsServer, type NatsServerProcess } from './nats-server';
export { testAuth, tokenFor } from './test-auth';
export { eventually } from './eventually';
export { graphqlRequest, type GraphQLResponse } from './graphql-request';
export { testServiceEnv } from './test-service-env';
export { startTestService, type TestService } from './start-test-service';
export { publishEvent } from './publish-event';
