import type { BaseContext } from './request-context';

/** Per-request facts a use case records with its events; a resolver passes its context. */
export type RequestMeta = Pick<BaseContext, 'caller' | 'correlationId' | 'traceparent'>;

/** The outbox headers that carry the request's trace onto its events (`appendToOutbox`). */
export function traceHeaders(meta: Pick<RequestMeta, 'traceparent'>): Record<string, string> {
  return meta.traceparent ? { traceparent: meta.traceparent } : {};
}
