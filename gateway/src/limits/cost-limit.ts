import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import {
  GraphQLSchema,
  TypeInfo,
  ValidationContext,
  visit,
  visitInParallel,
  type DocumentNode,
  type GraphQLError,
  type ValidationRule,
} from 'graphql';
import { armorRejection } from './armor-rejection';
import type { RejectionListener } from './limit-error';

/**
 * graphql-armor's weights, except that depth does not compound (`depthCostFactor` 1 instead of 1.5):
 * depth has its own limit, and without compounding the cost reads as "values the response can hold"
 * (an object 2, a scalar 1, a subtree times its `first`/`last`), which an operator can reason about.
 */
export const costWeights = { objectCost: 2, scalarCost: 1, depthCostFactor: 1 } as const;

// The cost rule reads only the document (fields, arguments, fragments), never the schema; re-estimating
// a rewritten document needs a ValidationContext, which needs some schema.
const documentOnlySchema = new GraphQLSchema({});

export interface CostLimit {
  /** QUERY_TOO_COMPLEX when the estimate with literal page sizes is above the maximum. */
  rule: ValidationRule;
  /** The same estimate for a document whose page-size variables were inlined; the refusal or null. */
  check(document: DocumentNode): GraphQLError | null;
}

/** QUERY_TOO_COMPLEX past `maxCost` (see `costWeights`); `__schema` (introspection) is free. */
export function costLimit(maxCost: number, onReject: RejectionListener): CostLimit {
  const rule: ValidationRule = costLimitRule({
    maxCost,
    ...costWeights,
    ignoreIntrospection: true,
    ...armorRejection('cost', maxCost, onReject),
  });
  return {
    rule,
    check(document) {
      const errors: GraphQLError[] = [];
      const context = new ValidationContext(
        documentOnlySchema,
        document,
        new TypeInfo(documentOnlySchema),
        (error) => errors.push(error),
      );
      visit(document, visitInParallel([rule(context)]));
      return errors[0] ?? null;
    },
  };
}
