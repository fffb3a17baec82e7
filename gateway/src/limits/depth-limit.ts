import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { ValidationRule } from 'graphql';
import { armorRejection } from './armor-rejection';
import type { RejectionListener } from './limit-error';

/**
 * QUERY_TOO_DEEP past `maxDepth` levels of fields (the leaf counts: `{ a { b } }` is 2). Fragments count
 * where they are spread; `__schema` (introspection) is not counted.
 */
export function depthLimitRule(maxDepth: number, onReject: RejectionListener): ValidationRule {
  return maxDepthRule({ n: maxDepth, ...armorRejection('depth', maxDepth, onReject) });
}
