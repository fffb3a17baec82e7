import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface ServiceMetrics {
  registry: Registry;
  graphqlRequestDuration: Histogram<'operation' | 'outcome'>;
  graphqlErrors: Counter<'code'>;
  eventsPublished: Counter<'subject'>;
  outboxBacklog: Gauge;
  eventsConsumed: Counter<'consumer' | 'outcome'>;
  eventLagSeconds: Histogram<'consumer'>;
  /** Gateway: operations refused by an operation limit (depth, aliases, cost, tokens, ...). */
  limitRejections: Counter<'limit'>;
  /** Gateway: mutations refused with RATE_LIMITED. */
  rateLimitedMutations: Counter;
  /** Gateway: open graphql-ws sockets. */
  websocketConnections: Gauge;
  /** Gateway: active GraphQL subscriptions over all sockets. */
  graphqlSubscriptions: Gauge;
  /** Gateway: time from an event occurring to its payload being sent to a subscriber. */
  subscriptionDeliverySeconds: Histogram;
}

/** One registry per process, exposed on `/metrics` in the Prometheus text format. */
export function createMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    graphqlRequestDuration: new Histogram({
      name: 'mim_graphql_request_duration_seconds',
      help: 'GraphQL operation latency',
      labelNames: ['operation', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    graphqlErrors: new Counter({
      name: 'mim_graphql_errors_total',
      help: 'GraphQL errors returned, by extensions.code',
      labelNames: ['code'],
      registers: [registry],
    }),
    eventsPublished: new Counter({
      name: 'mim_events_published_total',
      help: 'Events relayed from the outbox to JetStream',
      labelNames: ['subject'],
      registers: [registry],
    }),
    outboxBacklog: new Gauge({
      name: 'mim_outbox_backlog',
      help: 'Outbox rows not yet published (grows during a broker outage)',
      registers: [registry],
    }),
    eventsConsumed: new Counter({
      name: 'mim_events_consumed_total',
      help: 'Events handled by consumers, by outcome (processed, duplicate, retried, dead_lettered)',
      labelNames: ['consumer', 'outcome'],
      registers: [registry],
    }),
    eventLagSeconds: new Histogram({
      name: 'mim_event_lag_seconds',
      help: 'Time from an event occurring to its consumer committing its effect',
      labelNames: ['consumer'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    limitRejections: new Counter({
      name: 'mim_operation_limit_rejections_total',
      help: 'Operations refused before execution, by the limit that refused them',
      labelNames: ['limit'],
      registers: [registry],
    }),
    rateLimitedMutations: new Counter({
      name: 'mim_rate_limited_mutations_total',
      help: 'Mutation operations refused with RATE_LIMITED (the caller used its allowance for the window)',
      registers: [registry],
    }),
    websocketConnections: new Gauge({
      name: 'mim_websocket_connections',
      help: 'Open graphql-ws connections',
      registers: [registry],
    }),
    graphqlSubscriptions: new Gauge({
      name: 'mim_graphql_subscriptions',
      help: 'Active GraphQL subscriptions',
      registers: [registry],
    }),
    subscriptionDeliverySeconds: new Histogram({
      name: 'mim_subscription_delivery_seconds',
      help: 'Time from an event occurring to its payload being sent to a subscriber',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}
