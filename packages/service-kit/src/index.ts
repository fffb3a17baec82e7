export { createDataSource } from './data-source';
export { loadTypeDefs } from './load-type-defs';
export { parseInput } from './parse-input';
export { type BaseContext, contextFromRequest } from './request-context';
export { createSubgraphServer, type SubgraphServer, type SubgraphServerOptions } from './subgraph-server';
export {
  startService,
  runService,
  type ServiceDefinition,
  type ServiceDeps,
  type RunningService,
} from './run-service';
export { eventActor } from './event-actor';
export { standardHealthChecks } from './health-checks';
export { DateTimeScalar } from './date-time-scalar';
export { consumerFor } from './consumer-for';
