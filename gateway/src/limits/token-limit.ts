import { GraphQLError, parse, type DocumentNode, type Source } from 'graphql';
import { limitError } from './limit-error';

// graphql-js 16: "Syntax Error: Document contains more that 2000 tokens. Parsing aborted." ("that" is
// graphql-js's wording; "than" is accepted too, should it ever be corrected).
const tokenOverflowPattern = /Document contains more tha[nt] (\d+) tokens/;

/** True for the error graphql-js `parse` throws when a document is over its `maxTokens`. */
export function isTokenOverflow(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError && tokenOverflowPattern.test(error.message);
}

/** TOO_MANY_TOKENS: the document was not parsed beyond `maxTokens` lexical tokens. */
export function tooManyTokens(maxTokens: number): GraphQLError {
  return limitError('tokens', `Token limit of ${maxTokens} exceeded; the document was not parsed.`, {
    maximum: maxTokens,
  });
}

/** The TOO_MANY_TOKENS error for graphql-js's own token overflow error, else null. */
export function tooManyTokensFrom(error: unknown): GraphQLError | null {
  if (!isTokenOverflow(error)) return null;
  return tooManyTokens(Number(tokenOverflowPattern.exec(error.message)?.[1]));
}

/**
 * Parses with the token limit: the document, or the errors to send (TOO_MANY_TOKENS for a document over
 * the limit, graphql-js's syntax error otherwise). For transports that parse themselves (graphql-ws).
 */
export function parseWithTokenLimit(
  source: string | Source,
  parseOptions: { maxTokens: number },
): DocumentNode | GraphQLError[] {
  try {
    return parse(source, parseOptions);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return [isTokenOverflow(error) ? tooManyTokens(parseOptions.maxTokens) : error];
  }
}
