import type { ErrorCode } from './error-codes';

/**
 * An expected failure with a stable code. Domain and service code throw it; the GraphQL layer turns it
 * into an error with `extensions.code`. It carries no HTTP or GraphQL types so pure domain code can use it.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
