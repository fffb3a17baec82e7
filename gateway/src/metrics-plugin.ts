import type { ApolloServerPlugin } from '@apollo/server';
import type { ServiceMetrics } from '@mim/observability';

const maxOperationLabels = 200;
const operationNamePattern = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/**
 * Records each GraphQL request's duration by operation name and outcome. Operation names come from
 * clients, so the label set is capped: past the cap (or for anonymous operations) the label is a fixed
 * value, which keeps a client from growing the metrics without bound.
 */
export function metricsPlugin(metrics: ServiceMetrics): ApolloServerPlugin {
  const seen = new Set<string>();
  const operationLabel = (name: string | undefined): string => {
    if (!name || !operationNamePattern.test(name)) return 'anonymous';
    if (seen.has(name)) return name;
    if (seen.size >= maxOperationLabels) return 'other';
    seen.add(name);
    return name;
  };

  return {
    requestDidStart() {
      const stopTimer = metrics.graphqlRequestDuration.startTimer();
      return Promise.resolve({
        willSendResponse(requestContext) {
          stopTimer({
            operation: operationLabel(requestContext.operationName ?? undefined),
            outcome: requestContext.errors?.length ? 'error' : 'success',
          });
          return Promise.resolve();
        },
      });
    },
  };
}
