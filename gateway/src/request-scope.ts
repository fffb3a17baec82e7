import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';

/** What the gateway knows about the HTTP request being served, for code that has no GraphQL context. */
export interface RequestScope {
  correlationId: string;
  traceparent: string;
}

/**
 * Holds the current request's scope across awaits, so `formatError` (which Apollo calls without the
 * request context) can tag masked errors and their log lines with the request's correlation id.
 */
export const requestScope = new AsyncLocalStorage<RequestScope>();

const correlationIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
// W3C Trace Context, version 00: 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>.
const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** Keeps a well-formed client correlation id (so a client can follow its request), else makes a UUID. */
export function correlationIdFrom(header: string | undefined): string {
  const candidate = header?.trim();
  return candidate && correlationIdPattern.test(candidate) ? candidate : randomUUID();
}

/** Forwards a valid W3C `traceparent` unchanged; starts a new sampled trace when it is absent or invalid. */
export function traceparentFrom(header: string | undefined): string {
  const candidate = header?.trim().toLowerCase();
  const match = candidate ? traceparentPattern.exec(candidate) : null;
  if (candidate && match && !/^0+$/.test(match[1] ?? '') && !/^0+$/.test(match[2] ?? '')) return candidate;
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}
