import type { ErrorCode } from '@mim/errors';
import { GraphQLError, type ASTNode } from 'graphql';

/** Each operation limit, as named in the `limit` label of `mim_operation_limit_rejections_total`. */
export type LimitName =
  'depth' | 'aliases' | 'cost' | 'tokens' | 'directives' | 'page_size' | 'mutation_rate';

/** The stable code a client sees for each limit (all in the `@mim/errors` registry). */
export const limitCodes = {
  depth: 'QUERY_TOO_DEEP',
  aliases: 'TOO_MANY_ALIASES',
  cost: 'QUERY_TOO_COMPLEX',
  tokens: 'TOO_MANY_TOKENS',
  directives: 'TOO_MANY_DIRECTIVES',
  page_size: 'PAGE_SIZE_TOO_LARGE',
  mutation_rate: 'RATE_LIMITED',
} as const satisfies Record<LimitName, ErrorCode>;

export type LimitCode = (typeof limitCodes)[LimitName];

const codes: ReadonlySet<string> = new Set(Object.values(limitCodes));

export function isLimitCode(value: unknown): value is LimitCode {
  return typeof value === 'string' && codes.has(value);
}

/** Told of every refusal, e.g. to count it in metrics; never changes the outcome. */
export type RejectionListener = (limit: LimitName, error: GraphQLError) => void;

/**
 * A refusal by one limit: a GraphQLError with the limit's code in `extensions.code` and the configured
 * maximum. It carries no HTTP details, so the same error serves HTTP and WebSocket transports.
 */
export function limitError(
  limit: LimitName,
  message: string,
  extensions: Record<string, unknown> = {},
  nodes?: ASTNode | readonly ASTNode[],
): GraphQLError {
  return new GraphQLError(message, { nodes, extensions: { ...extensions, code: limitCodes[limit] } });
}
