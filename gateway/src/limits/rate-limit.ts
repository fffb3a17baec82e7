import {
  Kind,
  type DocumentNode,
  type GraphQLError,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { limitError, type RejectionListener } from './limit-error';

export interface MutationRateLimiter {
  /**
   * Takes `mutations` (default 1) from the identity's allowance for the current window: null when they
   * fit, else RATE_LIMITED with `extensions.retryAfterSeconds`. Call it before executing anything.
   */
  consume(identity: string, mutations?: number): Promise<GraphQLError | null>;
}

/**
 * `points` mutations per `windowSeconds` per identity (the verified token subject), counted in this
 * process's memory: the gateway holds no database, so behind N replicas the effective allowance is N
 * times this. A shared store (rate-limiter-flexible's Redis or PostgreSQL limiters) can replace
 * `RateLimiterMemory` here without changing callers.
 */
export function createMutationRateLimiter(
  options: { points: number; windowSeconds: number },
  onReject: RejectionListener,
): MutationRateLimiter {
  const limiter = new RateLimiterMemory({
    keyPrefix: 'mutations',
    points: options.points,
    duration: options.windowSeconds,
  });
  return {
    async consume(identity, mutations = 1) {
      try {
        await limiter.consume(identity, mutations);
        return null;
      } catch (rejection) {
        // The limiter rejects with its RateLimiterRes when the allowance is used up, with an Error otherwise.
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        const refused = limitError(
          'mutation_rate',
          `Rate limit of ${options.points} mutations per ${options.windowSeconds} s reached; retry in ${retryAfterSeconds} s.`,
          { maximum: options.points, windowSeconds: options.windowSeconds, retryAfterSeconds },
        );
        onReject('mutation_rate', refused);
        return refused;
      }
    },
  };
}

function rootFieldCount(
  selectionSet: SelectionSetNode,
  document: DocumentNode,
  seen = new Set<string>(),
): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') count += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += rootFieldCount(selection.selectionSet, document, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = document.definitions.find(
        (definition) =>
          definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value,
      );
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION)
        count += rootFieldCount(fragment.selectionSet, document, seen);
    }
  }
  return count;
}

/**
 * How many mutations an operation is: its root fields (fragments included, `__typename` free), at least
 * one. What a transport passes to `consume`, so ten aliased mutations in one request count ten.
 */
export function mutationsIn(operation: OperationDefinitionNode, document: DocumentNode): number {
  return Math.max(1, rootFieldCount(operation.selectionSet, document));
}
