import { DateTimeScalar } from '@mim/service-kit';
import type { Resolvers } from './__generated__/resolvers-types';
import { deliveryResolvers } from './modules/delivery/delivery.resolvers';
import { notificationResolvers } from './modules/notification/notification.resolvers';
import { ruleResolvers } from './modules/rule/rule.resolvers';
import { stakeholderResolvers } from './modules/stakeholder/stakeholder.resolvers';
import { templateResolvers } from './modules/template/template.resolvers';
import { webhookEndpointResolvers } from './modules/webhook-endpoint/webhook-endpoint.resolvers';

/**
 * The resolvers of every module, one map for the subgraph. `Subscription` has none: the gateway serves
 * subscriptions (notification.graphql).
 */
export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    ...notificationResolvers.Query,
    ...stakeholderResolvers.Query,
    ...ruleResolvers.Query,
    ...templateResolvers.Query,
    ...deliveryResolvers.Query,
    ...webhookEndpointResolvers.Query,
  },
  Mutation: {
    ...notificationResolvers.Mutation,
    ...stakeholderResolvers.Mutation,
    ...ruleResolvers.Mutation,
    ...deliveryResolvers.Mutation,
    ...webhookEndpointResolvers.Mutation,
  },
  Notification: notificationResolvers.Notification,
  Incident: notificationResolvers.Incident,
  StakeholderGroup: stakeholderResolvers.StakeholderGroup,
  Stakeholder: stakeholderResolvers.Stakeholder,
  WebhookEndpoint: webhookEndpointResolvers.WebhookEndpoint,
};
