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
  type ServerDeps,
  type BrokerLink,
  type StartHooks,
  type RunningService,
  type BackgroundWorker,
} from './run-service';
export { eventActor } from './event-actor';
export { standardHealthChecks } from './health-checks';
export { DateTimeScalar } from './date-time-scalar';
export { consumerFor } from './consumer-for';
export { type RequestMeta, traceHeaders } from './request-meta';
export { isUuid } from './uuid';
export {
  expectedVersion,
  hasNoNul,
  noNulMessage,
  optionalText,
  personInput,
  recordIdArg,
  requiredText,
} from './text-input';
export { pageArgs, type PageArgs } from './page-args';
export { encodeCursor, decodeCursor, type KeysetPosition } from './keyset-cursor';
export { newestFirstPage, type Page, type PageInfo } from './keyset-page';
export { nextRecordNumber } from './record-number';
export { runMigrationsExclusively } from './run-migrations';
