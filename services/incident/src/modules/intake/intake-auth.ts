import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@mim/errors';
import type { ReplayGuard } from './replay-guard';

/**
 * How a sender proves it may post to the intake endpoints. Two ways:
 *
 * - `Authorization: Bearer <secret>`: what Alertmanager's `http_config.authorization` sends. Compared
 *   in constant time. A bearer request can be replayed by whoever sees it, so use TLS; replays are
 *   harmless in effect because alerts deduplicate by fingerprint.
 * - HMAC, for senders that can sign: `X-MIM-Timestamp: <Unix seconds>` and
 *   `X-MIM-Signature: sha256=<hex>`, the hex HMAC-SHA256 under a shared key of the bytes
 *   `<timestamp>.<raw body>` exactly as sent (see `signIntakeBody`). The timestamp must be within the
 *   tolerance of the server's clock (default 5 minutes, either way) and a signature is accepted once:
 *   a sender that retries must sign again with a fresh timestamp.
 *
 * Several secrets may be configured for each way, so a secret can be rotated without downtime.
 */
export interface IntakeAuthConfig {
  bearerSecrets: readonly string[];
  hmacSecrets: readonly string[];
  toleranceMs?: number;
}

export type IntakeAuthMethod = 'bearer' | 'hmac';

export type RequestHeaders = Record<string, string | string[] | undefined>;

export const timestampHeader = 'x-mim-timestamp';
export const signatureHeader = 'x-mim-signature';
export const defaultToleranceMs = 5 * 60_000;

/** Resolves with the method that authenticated the request; throws UNAUTHENTICATED otherwise. */
export async function verifyIntakeRequest(
  request: { headers: RequestHeaders; rawBody: Buffer },
  config: IntakeAuthConfig,
  replayGuard: ReplayGuard,
  now: Date = new Date(),
): Promise<IntakeAuthMethod> {
  const { headers } = request;
  if (headers[signatureHeader] !== undefined || headers[timestampHeader] !== undefined) {
    await verifyHmac(headers, request.rawBody, config, replayGuard, now);
    return 'hmac';
  }
  requireCredentials(headers);
  verifyBearer(headers.authorization!, config);
  return 'bearer';
}

/** Throws UNAUTHENTICATED unless credentials of either kind are present (checked before reading a body). */
export function requireCredentials(headers: RequestHeaders): void {
  if ([signatureHeader, timestampHeader, 'authorization'].some((name) => headers[name] !== undefined)) return;
  throw unauthenticated(
    'Missing credentials: send "Authorization: Bearer <secret>" or the X-MIM-Timestamp and X-MIM-Signature headers',
  );
}

/** The `X-MIM-Signature` value for a body: what a sender computes (and what the tests use). */
export function signIntakeBody(secret: string, timestamp: number | string, rawBody: Buffer | string): string {
  return `sha256=${hmacHex(secret, String(timestamp), Buffer.from(rawBody))}`;
}

function verifyBearer(header: string | string[], config: IntakeAuthConfig): void {
  if (config.bearerSecrets.length === 0)
    throw unauthenticated('Bearer authentication is not enabled for intake');
  const match = typeof header === 'string' ? /^Bearer +(\S+) *$/i.exec(header) : null;
  if (!match) throw unauthenticated('Malformed Authorization header: expected "Bearer <secret>"');
  // Hash both sides so lengths are equal and the comparison time says nothing about the secret.
  const presented = sha256(match[1]!);
  let valid = false;
  for (const secret of config.bearerSecrets) valid = timingSafeEqual(presented, sha256(secret)) || valid;
  if (!valid) throw unauthenticated('Invalid bearer secret');
}

async function verifyHmac(
  headers: RequestHeaders,
  rawBody: Buffer,
  config: IntakeAuthConfig,
  replayGuard: ReplayGuard,
  now: Date,
): Promise<void> {
  if (config.hmacSecrets.length === 0) throw unauthenticated('HMAC authentication is not enabled for intake');
  const timestamp = headers[timestampHeader];
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) {
    throw unauthenticated('Missing or malformed X-MIM-Timestamp header: expected Unix time in seconds');
  }
  const signature = headers[signatureHeader];
  const match = typeof signature === 'string' ? /^sha256=([0-9a-f]{64})$/i.exec(signature.trim()) : null;
  if (!match)
    throw unauthenticated('Missing or malformed X-MIM-Signature header: expected "sha256=<64 hex digits>"');

  const toleranceMs = config.toleranceMs ?? defaultToleranceMs;
  const signedAtMs = Number(timestamp) * 1000;
  if (Math.abs(now.getTime() - signedAtMs) > toleranceMs) {
    throw unauthenticated(
      `Stale request: X-MIM-Timestamp is more than ${Math.round(toleranceMs / 1000)} s from the server's clock`,
    );
  }

  const presented = Buffer.from(match[1]!.toLowerCase(), 'hex');
  let valid = false;
  for (const secret of config.hmacSecrets) {
    valid = timingSafeEqual(presented, Buffer.from(hmacHex(secret, timestamp, rawBody), 'hex')) || valid;
  }
  if (!valid)
    throw unauthenticated('Invalid signature: X-MIM-Signature does not match the body and timestamp');

  const firstSeen = await replayGuard.firstSeen(match[1]!.toLowerCase(), new Date(signedAtMs + toleranceMs));
  if (!firstSeen) throw unauthenticated('Replayed request: this signature has already been used');
}

function hmacHex(secret: string, timestamp: string, rawBody: Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function unauthenticated(message: string): DomainError {
  return new DomainError('UNAUTHENTICATED', message);
}
