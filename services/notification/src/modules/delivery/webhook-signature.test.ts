import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature } from './webhook-signature';

const secret = 'whsec_test-secret';
const body = JSON.stringify({ version: 1, subject: 'INC-000042 is major', text: 'Checkout is down' });
const now = new Date('2026-03-01T12:00:00Z');
const timestamp = Math.floor(now.getTime() / 1000);

describe('webhook signatures', () => {
  it('signs "<timestamp>.<raw body>" with HMAC-SHA256, as any receiver can recompute', () => {
    const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
    expect(signWebhook(secret, timestamp, body)).toBe(`v1=${expected}`);
    expect(signWebhook(secret, timestamp, Buffer.from(body))).toBe(`v1=${expected}`);
  });

  it('accepts the signature of the body and timestamp as sent', () => {
    const signature = signWebhook(secret, timestamp, body);
    expect(
      verifyWebhookSignature({ secret, timestamp: String(timestamp), signature, rawBody: body, now }),
    ).toEqual({ valid: true });
    // One of several signatures (a later scheme sent beside this one) is enough.
    expect(
      verifyWebhookSignature({
        secret,
        timestamp,
        signature: `v1=${'0'.repeat(64)}, ${signature}`,
        rawBody: Buffer.from(body),
        now,
      }),
    ).toEqual({ valid: true });
  });

  it('refuses a tampered body, another timestamp or another secret', () => {
    const signature = signWebhook(secret, timestamp, body);
    const tampered = body.replace('down', 'fine');
    expect(verifyWebhookSignature({ secret, timestamp, signature, rawBody: tampered, now })).toEqual({
      valid: false,
      reason: 'mismatch',
    });
    expect(
      verifyWebhookSignature({ secret, timestamp: timestamp + 1, signature, rawBody: body, now }),
    ).toEqual({
      valid: false,
      reason: 'mismatch',
    });
    expect(
      verifyWebhookSignature({ secret: 'whsec_other', timestamp, signature, rawBody: body, now }),
    ).toEqual({ valid: false, reason: 'mismatch' });
  });

  it('refuses a timestamp outside the tolerance, either way, even when correctly signed', () => {
    const old = timestamp - 301;
    const future = timestamp + 301;
    for (const signedAt of [old, future]) {
      const signature = signWebhook(secret, signedAt, body);
      expect(verifyWebhookSignature({ secret, timestamp: signedAt, signature, rawBody: body, now })).toEqual({
        valid: false,
        reason: 'stale',
      });
    }
    const signature = signWebhook(secret, old, body);
    expect(
      verifyWebhookSignature({
        secret,
        timestamp: old,
        signature,
        rawBody: body,
        now,
        toleranceSeconds: 600,
      }),
    ).toEqual({ valid: true });
  });

  it('refuses missing or malformed headers', () => {
    const signature = signWebhook(secret, timestamp, body);
    for (const input of [
      { timestamp: undefined, signature },
      { timestamp: 'yesterday', signature },
      { timestamp, signature: undefined },
      { timestamp, signature: signature.replace('v1=', 'sha256=') },
      { timestamp, signature: 'v1=abc' },
    ]) {
      expect(verifyWebhookSignature({ secret, rawBody: body, now, ...input })).toEqual({
        valid: false,
        reason: 'malformed',
      });
    }
  });
});
