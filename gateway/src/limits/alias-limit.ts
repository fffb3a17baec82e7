import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import type { ValidationRule } from 'graphql';
import { armorRejection } from './armor-rejection';
import type { RejectionListener } from './limit-error';

/**
 * TOO_MANY_ALIASES past `maxAliases` aliased fields in one operation (fragments included), which stops
 * one request from running the same expensive field many times. Aliases of `__typename` are free.
 */
export function aliasLimitRule(maxAliases: number, onReject: RejectionListener): ValidationRule {
  return maxAliasesRule({ n: maxAliases, ...armorRejection('aliases', maxAliases, onReject) });
}
