import type { ApolloServerPlugin } from '@apollo/server';
import type { ServiceMetrics } from '@mim/observability';
import {
  getOperationAST,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type Source,
  type ValidationRule,
} from 'graphql';
import type { GatewayContext } from '../context';
import type { GatewayEnv } from '../env';
import { aliasLimitRule } from './alias-limit';
import { operationChecksPlugin, tokenLimitPlugin } from './apollo-plugins';
import { costLimit } from './cost-limit';
import { depthLimitRule } from './depth-limit';
import { directiveLimitRule } from './directive-limit';
import type { RejectionListener } from './limit-error';
import {
  pageSizeRule,
  pageSizeVariablesCheck,
  pageSizeVariableValues,
  withPageSizesInlined,
} from './page-size';
import { createMutationRateLimiter, type MutationRateLimiter } from './rate-limit';
import { parseWithTokenLimit } from './token-limit';

export { costWeights } from './cost-limit';
export {
  limitCodes,
  limitError,
  type LimitCode,
  type LimitName,
  type RejectionListener,
} from './limit-error';
export { limitErrorOf } from './limit-error-of';
export { mutationsIn, type MutationRateLimiter } from './rate-limit';

/**
 * Everything that refuses an abusive operation before it runs, as one bundle that every transport
 * applies: Apollo Server over HTTP (`parseOptions`, `validationRules`, `plugins`, `hideSchemaDetails`)
 * and the graphql-ws engine (`parseWithLimits`, `validationRules`, `checkVariables`, `mutationRateLimiter`).
 * Every refusal is a GraphQLError whose `extensions.code` is in the `@mim/errors` registry.
 */
export interface OperationLimits {
  /** graphql-js `parse` options: at most MAX_QUERY_TOKENS lexical tokens. */
  parseOptions: { maxTokens: number };
  /** Depth, aliases, cost (literal page sizes), directives, page size (literal `first`/`last`). */
  validationRules: ValidationRule[];
  /**
   * For the operation to run: page sizes passed through variables (PAGE_SIZE_TOO_LARGE), and the cost
   * estimate with those page sizes (QUERY_TOO_COMPLEX). The refusal, or null.
   */
  checkVariables(
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown> | undefined,
  ): GraphQLError | null;
  /** Production: no "Did you mean ...?" in validation errors (Apollo `hideSchemaDetailsFromClientErrors`, graphql-js `validate(..., { hideSuggestions })`). */
  hideSchemaDetails: boolean;
  /** MUTATION_RATE_LIMIT_POINTS per MUTATION_RATE_LIMIT_WINDOW_SECONDS per identity: RATE_LIMITED or null. */
  mutationRateLimiter: MutationRateLimiter;
  /** What Apollo Server needs on top: the variables check and rate limit before execution, token counting. */
  plugins: ApolloServerPlugin<GatewayContext>[];
}

export type LimitsEnv = Pick<
  GatewayEnv,
  | 'NODE_ENV'
  | 'MAX_QUERY_DEPTH'
  | 'MAX_ALIASES'
  | 'MAX_QUERY_COST'
  | 'MAX_QUERY_TOKENS'
  | 'MAX_DIRECTIVES'
  | 'MAX_PAGE_SIZE'
  | 'MUTATION_RATE_LIMIT_POINTS'
  | 'MUTATION_RATE_LIMIT_WINDOW_SECONDS'
>;

export interface OperationLimitsOptions {
  /** Told of every refusal (e.g. `countRejectionsIn(metrics)`); refusals are returned either way. */
  onReject?: RejectionListener;
}

// parseWithLimits takes the bundle only, so the bundle's listener is kept beside it.
const listeners = new WeakMap<OperationLimits, RejectionListener>();

export function createOperationLimits(env: LimitsEnv, options: OperationLimitsOptions = {}): OperationLimits {
  const onReject: RejectionListener = options.onReject ?? (() => undefined);
  const cost = costLimit(env.MAX_QUERY_COST, onReject);

  const checkVariables: OperationLimits['checkVariables'] = (document, operationName, variables) => {
    const operation = getOperationAST(document, operationName);
    if (!operation) return null;
    const selected = {
      operation,
      fragments: document.definitions.filter(
        (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION,
      ),
    };
    const values = pageSizeVariableValues(selected, variables);
    if (values.size === 0) return null;
    const tooLarge = pageSizeVariablesCheck(env.MAX_PAGE_SIZE, values);
    if (tooLarge) {
      onReject('page_size', tooLarge);
      return tooLarge;
    }
    // The cost rule already ran during validation with these page sizes taken as 1.
    return cost.check(withPageSizesInlined(selected, values));
  };

  const mutationRateLimiter = createMutationRateLimiter(
    { points: env.MUTATION_RATE_LIMIT_POINTS, windowSeconds: env.MUTATION_RATE_LIMIT_WINDOW_SECONDS },
    onReject,
  );

  const limits: OperationLimits = {
    parseOptions: { maxTokens: env.MAX_QUERY_TOKENS },
    validationRules: [
      depthLimitRule(env.MAX_QUERY_DEPTH, onReject),
      aliasLimitRule(env.MAX_ALIASES, onReject),
      cost.rule,
      directiveLimitRule(env.MAX_DIRECTIVES, onReject),
      pageSizeRule(env.MAX_PAGE_SIZE, onReject),
    ],
    checkVariables,
    hideSchemaDetails: env.NODE_ENV === 'production',
    mutationRateLimiter,
    plugins: [operationChecksPlugin({ checkVariables, mutationRateLimiter }), tokenLimitPlugin(onReject)],
  };
  listeners.set(limits, onReject);
  return limits;
}

/**
 * Parses with the bundle's token limit: the document, or the errors to send (TOO_MANY_TOKENS for a
 * document over MAX_QUERY_TOKENS, the syntax error otherwise). For transports that parse themselves.
 */
export function parseWithLimits(
  source: string | Source,
  limits: OperationLimits,
): DocumentNode | GraphQLError[] {
  const parsed = parseWithTokenLimit(source, limits.parseOptions);
  if (Array.isArray(parsed)) {
    const [refused] = parsed;
    if (refused?.extensions.code === 'TOO_MANY_TOKENS') listeners.get(limits)?.('tokens', refused);
  }
  return parsed;
}

/** A listener that counts refusals in `mim_operation_limit_rejections_total` (and rate-limited mutations). */
export function countRejectionsIn(metrics: ServiceMetrics): RejectionListener {
  return (limit) => {
    metrics.limitRejections.inc({ limit });
    if (limit === 'mutation_rate') metrics.rateLimitedMutations.inc();
  };
}
