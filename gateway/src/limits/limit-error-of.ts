import { GraphQLError } from 'graphql';
import { isLimitCode } from './limit-error';
import { tooManyTokensFrom } from './token-limit';

/**
 * The limit refusal behind an error Apollo Server reports: Apollo re-codes every validation error as
 * GRAPHQL_VALIDATION_FAILED and every parse error as GRAPHQL_PARSE_FAILED, keeping the original as
 * `originalError`. Returns the coded refusal (or TOO_MANY_TOKENS for graphql-js's token overflow) so
 * `formatError` can show the limit's own code; null for anything else.
 */
export function limitErrorOf(error: unknown): GraphQLError | null {
  let current: unknown = error;
  for (let hops = 0; current instanceof GraphQLError && hops < 5; hops += 1) {
    if (isLimitCode(current.extensions.code)) return current;
    const tokens = tooManyTokensFrom(current);
    if (tokens) return tokens;
    current = current.originalError;
  }
  return null;
}
