import type { Caller } from '@mim/auth';
import type { FormattedExecutionResult, GraphQLFormattedError } from 'graphql';
import type { SubscriptionStream } from './subscription-stream';

/** One client subscription: its identity and the bounded stream its socket reads. */
export interface Subscriber {
  caller: Caller;
  authorization: string;
  stream: SubscriptionStream;
}

/** Codes after which a payload query will not succeed for this subscriber by retrying. */
export const accessErrorCodes: ReadonlySet<string> = new Set(['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED']);

export function codesOf(result: FormattedExecutionResult): string[] {
  return (result.errors ?? []).map((error) => {
    const code = error.extensions?.code;
    return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
  });
}

/** Reads `data.mim_payload` and follows `path` below it. */
export function payloadAt(result: FormattedExecutionResult, path: readonly (string | number)[]): unknown {
  let value: unknown = result.data?.mim_payload;
  for (const step of path) {
    if (value === null || value === undefined) return value;
    value = (value as Record<string | number, unknown>)[step];
  }
  return value;
}

/**
 * Errors of the payload query re-addressed to the client's operation: `[mim_payload, ...prefix, ...rest]`
 * becomes `[responseKey, ...rest]`; errors about other parts of the query are dropped.
 */
export function errorsUnder(
  result: FormattedExecutionResult,
  prefix: readonly (string | number)[],
  responseKey: string,
): GraphQLFormattedError[] {
  const full = ['mim_payload', ...prefix];
  return (result.errors ?? []).flatMap((error) => {
    const path = error.path ?? [];
    if (path.length < full.length || full.some((step, index) => path[index] !== step)) return [];
    return [{ ...error, path: [responseKey, ...path.slice(full.length)] }];
  });
}

export function errorResult(message: string, code: string, extensions: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { code, ...extensions } }] } satisfies FormattedExecutionResult;
}
