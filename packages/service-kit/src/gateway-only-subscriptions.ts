import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, OperationTypeNode } from 'graphql';

export const subscriptionsAtGatewayMessage =
  'Subscriptions are served by the gateway over graphql-ws (ws://<gateway>/graphql), not by a subgraph';

/**
 * A subgraph declares its `Subscription` fields so they are composed into the supergraph, but the gateway
 * serves them (it resolves each payload through federation). A subscription sent straight to a subgraph
 * gets a coded client error instead of an unexpected-error mask.
 */
export function gatewayOnlySubscriptionsPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: ({ operation }) => {
          if (operation?.operation === OperationTypeNode.SUBSCRIPTION) {
            return Promise.reject(
              new GraphQLError(subscriptionsAtGatewayMessage, {
                extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
              }),
            );
          }
          return Promise.resolve();
        },
      }),
  };
}
