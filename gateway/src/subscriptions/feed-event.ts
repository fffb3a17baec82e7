import { type Envelope, envelopeSchema, findEventDefinition } from '@mim/contracts';

/** An event as the subscription engine sees it: a validated envelope plus its trace context. */
export interface FeedEvent {
  envelope: Envelope;
  /** The W3C traceparent the producing request carried, so the payload query joins the same trace. */
  traceparent: string | null;
}

export type ParsedFeedEvent = { ok: true; event: FeedEvent } | { ok: false; reason: string };

/**
 * Validates an event against the shared contracts (envelope, then the data of its declared version). An
 * event whose version the gateway does not know is refused: the gateway only pushes what it understands.
 */
export function parseFeedEvent(payload: Uint8Array, traceparent: string | null): ParsedFeedEvent {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { ok: false, reason: 'payload is not JSON' };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, reason: `invalid envelope: ${envelope.error.message}` };
  const { type, version } = envelope.data;
  const definition = findEventDefinition(`${type}.v${version}`);
  if (!definition) return { ok: false, reason: `unknown event ${type}.v${version}` };
  const data = definition.data.safeParse(envelope.data.data);
  if (!data.success)
    return { ok: false, reason: `invalid data of ${type}.v${version}: ${data.error.message}` };
  return { ok: true, event: { envelope: { ...envelope.data, data: data.data }, traceparent } };
}
