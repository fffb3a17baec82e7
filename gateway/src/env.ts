import path from 'node:path';
import { authEnv, httpEnv, natsEnv, parseEnv, runtimeEnv } from '@mim/config';
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

/** A whole number from the environment, with its default and bounds. */
const limit = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

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
    /** A subgraph fetch that has not answered after this long fails as SUBGRAPH_UNAVAILABLE. */
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
    /** Largest accepted request body; larger ones get HTTP 413 before any parsing. */
    MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
    /** Deepest field nesting an operation may have (a leaf field under `incident { problems { ... } }` counts). */
    MAX_QUERY_DEPTH: limit(12, 1, 100),
    /** Aliased fields one operation may hold (`__typename` aliases are free). */
    MAX_ALIASES: limit(15, 0, 1000),
    /**
     * Estimated cost an operation may have: each object field 2, each scalar 1, a field's subtree times
     * its `first`/`last` (literal or variable), so the figure tracks the values a response can hold.
     */
    MAX_QUERY_COST: limit(50_000, 1, 10_000_000),
    /** Lexical tokens a document may have; longer documents are not parsed at all. */
    MAX_QUERY_TOKENS: limit(2_000, 10, 1_000_000),
    /** Directives (`@include`, `@skip`, ...) one operation may use. */
    MAX_DIRECTIVES: limit(10, 0, 1000),
    /** Largest `first`/`last` a client may ask for; the subgraphs refuse more than 100 themselves. */
    MAX_PAGE_SIZE: limit(100, 1, 10_000),
    /**
     * Mutations one identity (token subject) may send per window, per gateway process: state is kept in
     * memory, so behind N replicas the effective allowance is N times this.
     */
    MUTATION_RATE_LIMIT_POINTS: limit(120, 1, 1_000_000_000),
    MUTATION_RATE_LIMIT_WINDOW_SECONDS: limit(60, 1, 86_400),
    /** Where the gateway listens for events to push to subscribers (it never publishes). */
    NATS_URL: natsEnv.shape.NATS_URL.default(['nats://127.0.0.1:4222']),
    EVENTS_STREAM: natsEnv.shape.EVENTS_STREAM,
    EVENTS_SUBJECT_PREFIX: natsEnv.shape.EVENTS_SUBJECT_PREFIX,
    /** graphql-ws: open subscriptions one socket may hold. */
    WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).max(1000).default(25),
    /** graphql-ws: open sockets one identity (token subject) may hold on this gateway process. */
    WS_MAX_CONNECTIONS_PER_IDENTITY: z.coerce.number().int().min(1).max(100_000).default(50),
    /** graphql-ws: time a client has to send `connection_init` before the socket is closed. */
    WS_CONNECTION_INIT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
    /**
     * Payloads waiting for one slow subscriber; past it the subscription ends with SUBSCRIPTION_LAGGING
     * and the last delivered cursor, so one slow client cannot grow the gateway's memory without bound.
     */
    SUBSCRIPTION_BUFFER_SIZE: z.coerce.number().int().min(1).max(100_000).default(256),
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
