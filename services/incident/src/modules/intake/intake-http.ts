import { randomUUID } from 'node:crypto';
import { DomainError, type ErrorCode } from '@mim/errors';
import type { Logger } from '@mim/observability';
import { parseInput } from '@mim/service-kit';
import type { Request, Response } from 'express';
import type { z } from 'zod';

/** HTTP plumbing of the intake router: correlation ids, JSON bodies, and errors as `{ error: { code, message } }`. */

/** A DomainError with the HTTP status to answer, where the code's usual one is not precise enough. */
export class IntakeHttpError extends DomainError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly status: number,
  ) {
    super(code, message);
  }
}

const statusByCode: Partial<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
};

const correlationIdPattern = /^[A-Za-z0-9._:-]{1,200}$/;

/** The caller's `X-Correlation-Id` when well formed, else a new one; echoed on the response. */
export function correlationIdOf(request: Request, response: Response): string {
  const header = request.headers['x-correlation-id'];
  const id = typeof header === 'string' && correlationIdPattern.test(header) ? header : randomUUID();
  response.setHeader('x-correlation-id', id);
  return id;
}

/** Parses a raw body as JSON and validates it: BAD_REQUEST for broken JSON, BAD_USER_INPUT (fields) for the rest. */
export function parseJsonBody<TSchema extends z.ZodType>(raw: Buffer, schema: TSchema): z.output<TSchema> {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new IntakeHttpError('BAD_REQUEST', 'The body is not valid JSON', 400);
  }
  return parseInput(schema, value);
}

/** Expected failures answer with their stable code; anything else is logged and masked as a 500. */
export function sendError(response: Response, error: unknown, correlationId: string, logger: Logger): void {
  if (error instanceof DomainError) {
    const status = error instanceof IntakeHttpError ? error.status : (statusByCode[error.code] ?? 500);
    if (error.code === 'UNAUTHENTICATED') response.setHeader('www-authenticate', 'Bearer realm="mim-intake"');
    logger.warn({ correlationId, code: error.code, reason: error.message }, 'intake request refused');
    const fields = error.details.fields;
    response.status(status).json({
      error: { code: error.code, message: error.message, correlationId, ...(fields ? { fields } : {}) },
    });
    return;
  }
  logger.error({ err: error, correlationId }, 'intake request failed');
  response.status(500).json({
    error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error', correlationId },
  });
}

/** Turns body-parser's errors (too large, aborted, bad encoding) into intake errors. */
export function bodyReadError(error: unknown, limit: number): IntakeHttpError | null {
  if (typeof error !== 'object' || error === null || !('type' in error)) return null;
  switch (error.type) {
    case 'entity.too.large':
      return new IntakeHttpError(
        'BAD_USER_INPUT',
        `The body is larger than the limit of ${limit} bytes`,
        413,
      );
    case 'encoding.unsupported':
      return new IntakeHttpError('BAD_REQUEST', 'Compressed bodies are not accepted (Content-Encoding)', 415);
    case 'request.aborted':
    case 'request.size.invalid':
      return new IntakeHttpError('BAD_REQUEST', 'The body was not received completely', 400);
    default:
      return null;
  }
}
