import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { ValidationRule } from 'graphql';
import { armorRejection } from './armor-rejection';
import type { RejectionListener } from './limit-error';

/** TOO_MANY_DIRECTIVES past `maxDirectives` directive uses in one operation (fragments included). */
export function directiveLimitRule(maxDirectives: number, onReject: RejectionListener): ValidationRule {
  return maxDirectivesRule({ n: maxDirectives, ...armorRejection('directives', maxDirectives, onReject) });
}
