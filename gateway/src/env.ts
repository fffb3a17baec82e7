import path from 'node:path';
import { authEnv, httpEnv, parseEnv, runtimeEnv } from '@mim/config';
import { z } from 'zod';

/** The five subgraphs, by the name they carry in the supergraph, with their default local port. */
export const subgraphDefaults = {
  incident: 4001,
  problem: 4002,
  change: 4003,
  notification: 4004,
  analytics: 4005,
} as const;

export type SubgraphName = keyof typeof subgraphDefaults;

const subgraphUrl = (port: number) =>
  z.url({ protocol: /^https?$/ }).default(`http://127.0.0.1:${port}/graphql`);

/** `supergraph.graphql` at the package root; the same path from `src/` (tests) and `dist/` (runtime). */
export const defaultSupergraphPath = path.resolve(__dirname, '..', 'supergraph.graphql');

export const gatewayEnvSchema = runtimeEnv
  .extend(httpEnv(4000).shape)
  .extend({
    SUBGRAPH_INCIDENT_URL: subgraphUrl(subgraphDefaults.incident),
    SUBGRAPH_PROBLEM_URL: subgraphUrl(subgraphDefaults.problem),
    SUBGRAPH_CHANGE_URL: subgraphUrl(subgraphDefaults.change),
    SUBGRAPH_NOTIFICATION_URL: subgraphUrl(subgraphDefaults.notification),
    SUBGRAPH_ANALYTICS_URL: subgraphUrl(subgraphDefaults.analytics),
    SUPERGRAPH_PATH: z.string().min(1).default(defaultSupergraphPath),
    /** Largest accepted request body; larger ones get HTTP 413 before any parsing. */
    MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
  })
  .and(authEnv);

export type GatewayEnv = z.output<typeof gatewayEnvSchema>;

/** The only place the gateway reads `process.env`; throws a ConfigError listing every problem. */
export function loadEnv(source: Record<string, string | undefined> = process.env): GatewayEnv {
  return parseEnv(gatewayEnvSchema, source);
}

export function subgraphUrlsFrom(env: GatewayEnv): Record<SubgraphName, string> {
  return {
    incident: env.SUBGRAPH_INCIDENT_URL,
    problem: env.SUBGRAPH_PROBLEM_URL,
    change: env.SUBGRAPH_CHANGE_URL,
    notification: env.SUBGRAPH_NOTIFICATION_URL,
    analytics: env.SUBGRAPH_ANALYTICS_URL,
  };
}
