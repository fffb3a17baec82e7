import { DomainError } from '@mim/errors';
import { type IntakeAuthConfig, signIntakeBody, verifyIntakeRequest } from './intake-auth';
import { InMemoryReplayGuard } from './replay-guard';

const config: IntakeAuthConfig = {
  bearerSecrets: ['old-bearer-secret-0123456789abcdef', 'new-bearer-secret-0123456789abcdef'],
  hmacSecrets: ['hmac-key-0123456789abcdef0123456789'],
};
const now = new Date('2026-11-22T10:00:00Z');
const seconds = Math.floor(now.getTime() / 1000);
const body = Buffer.from('{"version":"4","status":"firing"}');

function signed(timestamp = seconds, rawBody: Buffer = body, key = config.hmacSecrets[0]!) {
  return { 'x-mim-timestamp': String(timestamp), 'x-mim-signature': signIntakeBody(key, timestamp, rawBody) };
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('UNAUTHENTICATED');
  return error as DomainError;
}

describe('verifyIntakeRequest', () => {
  let guard: InMemoryReplayGuard;
  beforeEach(() => {
    guard = new InMemoryReplayGuard(() => now);
  });
  const verify = (headers: Record<string, string>, rawBody = body) =>
    verifyIntakeRequest({ headers, rawBody }, config, guard, now);

  it('accepts any configured bearer secret', async () => {
    await expect(verify({ authorization: `Bearer ${config.bearerSecrets[0]}` })).resolves.toBe('bearer');
    await expect(verify({ authorization: `bearer ${config.bearerSecrets[1]}` })).resolves.toBe('bearer');
  });

  it('refuses a wrong, malformed or missing bearer secret', async () => {
    expect((await refusal(verify({ authorization: 'Bearer nope' }))).message).toBe('Invalid bearer secret');
    expect((await refusal(verify({ authorization: `Basic ${config.bearerSecrets[0]}` }))).message).toMatch(
      /Malformed Authorization header/,
    );
    expect((await refusal(verify({}))).message).toMatch(/^Missing credentials/);
  });

  it('refuses bearer and HMAC when none of their secrets is configured', async () => {
    const disabled = { bearerSecrets: [], hmacSecrets: [] };
    const bearer = verifyIntakeRequest(
      { headers: { authorization: 'Bearer x' }, rawBody: body },
      disabled,
      guard,
      now,
    );
    expect((await refusal(bearer)).message).toMatch(/Bearer authentication is not enabled/);
    const hmac = verifyIntakeRequest({ headers: signed(), rawBody: body }, disabled, guard, now);
    expect((await refusal(hmac)).message).toMatch(/HMAC authentication is not enabled/);
  });

  it('accepts a good HMAC over the timestamp and the raw body, within the tolerance either way', async () => {
    await expect(verify(signed())).resolves.toBe('hmac');
    await expect(verify(signed(seconds - 299))).resolves.toBe('hmac');
    await expect(verify(signed(seconds + 299))).resolves.toBe('hmac');
  });

  it('refuses an HMAC under another key, over other bytes, or with its timestamp changed', async () => {
    expect((await refusal(verify(signed(seconds, body, 'another-key')))).message).toMatch(
      /^Invalid signature/,
    );
    const altered = Buffer.from(`${body.toString()} `);
    expect((await refusal(verify(signed(), altered))).message).toMatch(/^Invalid signature/);
    const moved = { ...signed(), 'x-mim-timestamp': String(seconds + 1) };
    expect((await refusal(verify(moved))).message).toMatch(/^Invalid signature/);
  });

  it('refuses malformed signature headers', async () => {
    const headers = signed();
    expect((await refusal(verify({ ...headers, 'x-mim-signature': 'md5=abc' }))).message).toMatch(
      /malformed X-MIM-Signature/,
    );
    expect(
      (await refusal(verify({ ...headers, 'x-mim-timestamp': '2026-11-22T10:00:00Z' }))).message,
    ).toMatch(/malformed X-MIM-Timestamp/);
    const { 'x-mim-timestamp': _dropped, ...withoutTimestamp } = headers;
    expect((await refusal(verify(withoutTimestamp))).message).toMatch(/X-MIM-Timestamp/);
  });

  it('refuses a stale or far-future timestamp even when the signature is right', async () => {
    expect((await refusal(verify(signed(seconds - 301)))).message).toMatch(/^Stale request.*300 s/);
    expect((await refusal(verify(signed(seconds + 301)))).message).toMatch(/^Stale request/);
    const strict = { ...config, toleranceMs: 10_000 };
    const request = { headers: signed(seconds - 11), rawBody: body };
    await refusal(verifyIntakeRequest(request, strict, guard, now));
  });

  it('refuses a replay of a signature already accepted, but not a fresh signature of the same body', async () => {
    await expect(verify(signed())).resolves.toBe('hmac');
    expect((await refusal(verify(signed()))).message).toMatch(/^Replayed request/);
    await expect(verify(signed(seconds + 1))).resolves.toBe('hmac');
  });

  it('checks a signature header even when a bearer secret is also sent', async () => {
    const headers = { ...signed(seconds, body, 'wrong'), authorization: `Bearer ${config.bearerSecrets[0]}` };
    await refusal(verify(headers));
  });
});

describe('InMemoryReplayGuard', () => {
  it('forgets a signature once it has expired', async () => {
    let clock = new Date('2026-11-22T10:00:00Z');
    const guard = new InMemoryReplayGuard(() => clock);
    const expiresAt = new Date('2026-11-22T10:05:00Z');
    expect(await guard.firstSeen('abc', expiresAt)).toBe(true);
    expect(await guard.firstSeen('abc', expiresAt)).toBe(false);
    clock = new Date('2026-11-22T10:05:01Z');
    expect(await guard.firstSeen('abc', expiresAt)).toBe(true);
  });
});
