import type { Resolvers } from '../../__generated__/resolvers-types';
import { canManageEndpoints, redactedUrl } from './webhook-endpoint.access';

/** Thin: arguments -> use case -> result. Access rules and validation live in the service. */
export const webhookEndpointResolvers = {
  Query: {
    webhookEndpoints: (_root, args, context) => context.webhookEndpoints.list(context.caller, args),
  },
  Mutation: {
    createWebhookEndpoint: (_root, args, context) =>
      context.webhookEndpoints.create(context.caller, args.input),
    updateWebhookEndpoint: (_root, args, context) => context.webhookEndpoints.update(context.caller, args),
    rotateWebhookEndpointSecret: (_root, args, context) =>
      context.webhookEndpoints.rotateSecret(context.caller, args.id),
    deleteWebhookEndpoint: (_root, args, context) => context.webhookEndpoints.delete(context.caller, args.id),
  },
  WebhookEndpoint: {
    url: (endpoint, _args, context) =>
      canManageEndpoints(context.caller) ? endpoint.url : redactedUrl(endpoint.url),
  },
} satisfies Resolvers;
