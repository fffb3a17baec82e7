import { type Envelope, type EventData, type EventDefinition, envelopeSchema } from '@mim/contracts';

export type ParsedDelivery<TDef extends EventDefinition> =
  { ok: true; event: Envelope<EventData<TDef>> } | { ok: false; reason: string };

/** Consumer-side validation: the envelope and its data must match the contract the consumer was built for. */
export function parseDelivery<TDef extends EventDefinition>(
  definition: TDef,
  payload: Uint8Array,
): ParsedDelivery<TDef> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { ok: false, reason: 'payload is not JSON' };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, reason: `invalid envelope: ${envelope.error.message}` };
  if (envelope.data.type !== definition.type || envelope.data.version !== definition.version) {
    return {
      ok: false,
      reason: `expected ${definition.subject}, got ${envelope.data.type}.v${envelope.data.version}`,
    };
  }
  const data = definition.data.safeParse(envelope.data.data);
  if (!data.success) return { ok: false, reason: `invalid data: ${data.error.message}` };
  return { ok: true, event: { ...envelope.data, data: data.data as EventData<TDef> } };
}
