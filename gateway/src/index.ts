export { createGateway, type Gateway, type GatewayOptions } from './server';
export {
  gatewayEnvSchema,
  loadEnv,
  subgraphUrlsFrom,
  subgraphDefaults,
  type GatewayEnv,
  type SubgraphName,
} from './env';
export { ForwardingDataSource, forwardedHeaders } from './forwarding-data-source';
export type { GatewayContext } from './context';
