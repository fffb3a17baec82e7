import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a receiver knows a webhook came from us, unaltered and recently. Each request carries
 *
 * - `X-MIM-Timestamp`: Unix time in seconds when it was signed (every attempt signs afresh);
 * - `X-MIM-Signature`: `v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>" under the endpoint's secret>`.
 *
 * The receiver recomputes the HMAC over the raw body bytes exactly as received (before any JSON parse),
 * compares in constant time and refuses a timestamp too far from its clock, so a captured request cannot
 * be replayed later. `X-MIM-Delivery-Id` names the delivery: a receiver that keeps the ids it has handled
 * drops the rare repeat of an attempt (see delivery.dispatcher.ts). The scheme's version prefix lets a
 * later scheme be sent beside this one; a header may hold several comma-separated signatures.
 */
export const webhookSignatureHeader = 'x-mim-signature';
export const webhookTimestampHeader = 'x-mim-timestamp';
export const webhookDeliveryIdHeader = 'x-mim-delivery-id';
export const webhookEventHeader = 'x-mim-event';
export const defaultSignatureToleranceSeconds = 5 * 60;

/** The `X-MIM-Signature` value for a body signed at `timestamp` (Unix seconds). */
export function signWebhook(secret: string, timestamp: number, rawBody: string | Buffer): string {
  return `v1=${hmacHex(secret, String(timestamp), rawBody)}`;
}

export type WebhookVerification =
  { valid: true } | { valid: false; reason: 'malformed' | 'stale' | 'mismatch' };

/**
 * Checks a received webhook: the timestamp is an integer within `toleranceSeconds` of `now` (either way),
 * and one of the `v1=` signatures in the header matches the raw body. Constant-time comparison.
 */
export function verifyWebhookSignature(input: {
  secret: string;
  /** The X-MIM-Timestamp header as received. */
  timestamp: string | number | null | undefined;
  /** The X-MIM-Signature header as received. */
  signature: string | null | undefined;
  rawBody: string | Buffer;
  toleranceSeconds?: number;
  now?: Date;
}): WebhookVerification {
  const timestamp = typeof input.timestamp === 'number' ? String(input.timestamp) : input.timestamp;
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp.trim())) {
    return { valid: false, reason: 'malformed' };
  }
  const presented = (input.signature ?? '')
    .split(',')
    .map((part) => /^v1=([0-9a-f]{64})$/i.exec(part.trim())?.[1])
    .filter((hex): hex is string => hex !== undefined);
  if (presented.length === 0) return { valid: false, reason: 'malformed' };

  const signed = timestamp.trim();
  const signedAt = Number(signed);
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const tolerance = input.toleranceSeconds ?? defaultSignatureToleranceSeconds;
  if (Math.abs(nowSeconds - signedAt) > tolerance) return { valid: false, reason: 'stale' };

  const expected = Buffer.from(hmacHex(input.secret, signed, input.rawBody), 'hex');
  let valid = false;
  for (const hex of presented) valid = timingSafeEqual(expected, Buffer.from(hex, 'hex')) || valid;
  return valid ? { valid: true } : { valid: false, reason: 'mismatch' };
}

function hmacHex(secret: string, timestamp: string, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}
