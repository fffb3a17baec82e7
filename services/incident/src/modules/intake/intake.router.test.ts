import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { DomainError } from '@mim/errors';
import { createLogger } from '@mim/observability';
import express from 'express';
import firing from './fixtures/alertmanager-firing.json';
import type { ParsedEmail } from './email-intake';
import { signIntakeBody } from './intake-auth';
import type { IntakeContext, IntakeResult, IntakeSink } from './intake-sink';
import { createIntakeRouter } from './intake.router';
import type { NormalizedAlert } from './normalized-alert';
import { InMemoryReplayGuard } from './replay-guard';

/** Records what reaches it; the router is under test, not the incident service. */
class RecordingSink implements IntakeSink {
  alerts: { alerts: NormalizedAlert[]; context: IntakeContext }[] = [];
  emails: { email: ParsedEmail; context: IntakeContext }[] = [];
  failWith: Error | null = null;

  receiveAlerts(alerts: NormalizedAlert[], context: IntakeContext): Promise<IntakeResult[]> {
    if (this.failWith) return Promise.reject(this.failWith);
    this.alerts.push({ alerts, context });
    return Promise.resolve(
      alerts.map((alert) => ({
        outcome: 'INCIDENT_CREATED',
        incidentId: 'i-1',
        fingerprint: alert.fingerprint,
      })),
    );
  }

  receiveEmail(email: ParsedEmail, context: IntakeContext): Promise<IntakeResult> {
    this.emails.push({ email, context });
    return Promise.resolve({
      outcome: 'COMMENT_ADDED',
      incidentId: 'i-1',
      incidentNumber: email.referencedNumber,
    });
  }

  get calls(): number {
    return this.alerts.length + this.emails.length;
  }

  reset(): void {
    this.alerts = [];
    this.emails = [];
    this.failWith = null;
  }
}

const bearer = 'bearer-secret-0123456789abcdef0123';
const hmacKey = 'hmac-key-0123456789abcdef0123456789';
const now = new Date('2026-11-22T10:40:00Z');
const seconds = Math.floor(now.getTime() / 1000);
const firingBody = JSON.stringify(firing);

describe('createIntakeRouter', () => {
  it('refuses to start with no secret of either kind', () => {
    const deps = {
      auth: { bearerSecrets: [], hmacSecrets: [] },
      replayGuard: new InMemoryReplayGuard(),
      sink: new RecordingSink(),
      logger: createLogger({ service: 'intake-test', level: 'silent' }),
      maxBodyBytes: 1024,
      email: { numberPrefix: 'INC' },
    };
    expect(() => createIntakeRouter(deps)).toThrow('Intake needs at least one bearer secret or HMAC key');
  });
});

describe('intake router (real HTTP)', () => {
  let server: Server;
  let base: string;
  const sink = new RecordingSink();

  beforeAll(async () => {
    const app = express();
    app.use(
      createIntakeRouter({
        auth: { bearerSecrets: [bearer], hmacSecrets: [hmacKey] },
        replayGuard: new InMemoryReplayGuard(() => now),
        sink,
        logger: createLogger({ service: 'intake-test', level: 'silent' }),
        maxBodyBytes: 16 * 1024,
        email: { numberPrefix: 'INC', maxBytes: 4 * 1024 },
        now: () => now,
      }),
    );
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    sink.reset();
  });

  const post = (path: string, body: string | Buffer, headers: Record<string, string>) =>
    fetch(`${base}${path}`, { method: 'POST', body, headers });
  const json = { 'content-type': 'application/json' };
  const withBearer = { ...json, authorization: `Bearer ${bearer}` };
  const errorOf = async (response: Response) =>
    ((await response.json()) as { error: Record<string, unknown> }).error;

  describe('authentication', () => {
    it('answers 401 without credentials, before reading the body', async () => {
      const response = await post('/intake/alertmanager', firingBody, json);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="mim-intake"');
      expect(await errorOf(response)).toMatchObject({
        code: 'UNAUTHENTICATED',
        message: /^Missing credentials/,
      });
      expect(sink.calls).toBe(0);
    });

    it('answers 401 to a wrong bearer secret', async () => {
      const response = await post('/intake/alertmanager', firingBody, {
        ...json,
        authorization: 'Bearer wrong',
      });
      expect(response.status).toBe(401);
      expect(await errorOf(response)).toMatchObject({
        code: 'UNAUTHENTICATED',
        message: 'Invalid bearer secret',
      });
      expect(sink.calls).toBe(0);
    });

    it('accepts an HMAC over exactly the bytes sent, once; a replay or an altered body is 401', async () => {
      const body = `{ "source": "nagios", "status": "firing",\n  "severity": "critical", "title": "Disk full" }`;
      const headers = {
        ...json,
        'x-mim-timestamp': String(seconds),
        'x-mim-signature': signIntakeBody(hmacKey, seconds, body),
      };
      const accepted = await post('/intake/alerts', body, headers);
      expect(accepted.status).toBe(202);
      expect(sink.alerts[0]!.context.authMethod).toBe('hmac');

      const replay = await post('/intake/alerts', body, headers);
      expect(replay.status).toBe(401);
      expect(await errorOf(replay)).toMatchObject({ message: /^Replayed request/ });

      const altered = await post('/intake/alerts', body.replace('\n', ' '), headers);
      expect(altered.status).toBe(401);
      expect(sink.calls).toBe(1);
    });

    it('answers 401 to a stale timestamp', async () => {
      const stale = seconds - 600;
      const response = await post('/intake/alerts', '{}', {
        ...json,
        'x-mim-timestamp': String(stale),
        'x-mim-signature': signIntakeBody(hmacKey, stale, '{}'),
      });
      expect(response.status).toBe(401);
      expect(await errorOf(response)).toMatchObject({ message: /^Stale request/ });
    });
  });

  describe('bad requests never reach the sink', () => {
    afterEach(() => {
      expect(sink.calls).toBe(0);
    });

    it('answers 400 BAD_REQUEST to broken JSON', async () => {
      const response = await post('/intake/alertmanager', '{"version": "4",', withBearer);
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toEqual({
        code: 'BAD_REQUEST',
        message: 'The body is not valid JSON',
        correlationId: expect.any(String),
      });
    });

    it('answers 400 BAD_USER_INPUT with the invalid fields to a payload of the wrong shape', async () => {
      const payload = { ...firing, version: '3', alerts: [{ ...firing.alerts[0], startsAt: 'yesterday' }] };
      const response = await post('/intake/alertmanager', JSON.stringify(payload), withBearer);
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.fields).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'version' }),
          expect.objectContaining({ path: 'alerts.0.startsAt' }),
        ]),
      );
    });

    it('answers 400 to an email without a From address', async () => {
      const response = await post('/intake/email', 'Subject: hi\r\n\r\nbody\r\n', {
        'content-type': 'message/rfc822',
        authorization: `Bearer ${bearer}`,
      });
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: 'The message has no From address',
      });
    });

    it('answers 415 to another content type or a compressed body, 413 to an oversized one', async () => {
      const asText = await post('/intake/alertmanager', firingBody, {
        ...withBearer,
        'content-type': 'text/plain',
      });
      expect(asText.status).toBe(415);
      expect(await errorOf(asText)).toMatchObject({ code: 'BAD_REQUEST' });

      const gzipped = await post('/intake/alertmanager', gzipSync(firingBody), {
        ...withBearer,
        'content-encoding': 'gzip',
      });
      expect(gzipped.status).toBe(415);

      const huge = JSON.stringify({ ...firing, receiver: 'x'.repeat(20 * 1024) });
      const tooLarge = await post('/intake/alertmanager', huge, withBearer);
      expect(tooLarge.status).toBe(413);
      expect(await errorOf(tooLarge)).toMatchObject({ code: 'BAD_USER_INPUT', message: /16384 bytes/ });

      const bigMail = `From: a@example.fr\r\nSubject: big\r\n\r\n${'x'.repeat(5 * 1024)}\r\n`;
      const mailTooLarge = await post('/intake/email', bigMail, {
        'content-type': 'text/plain',
        authorization: `Bearer ${bearer}`,
      });
      expect(mailTooLarge.status).toBe(413);
      expect(sink.calls).toBe(0);
    });
  });

  describe('accepted requests', () => {
    it('hands an Alertmanager notification to the sink, normalized, and answers 202 with the results', async () => {
      const response = await post('/intake/alertmanager', firingBody, {
        ...withBearer,
        'x-correlation-id': 'am-42',
      });
      expect(response.status).toBe(202);
      expect(response.headers.get('x-correlation-id')).toBe('am-42');
      expect(await response.json()).toEqual({
        results: [
          { outcome: 'INCIDENT_CREATED', incidentId: 'i-1', fingerprint: '7cd3eaf528e6b237' },
          { outcome: 'INCIDENT_CREATED', incidentId: 'i-1', fingerprint: '6f59f0c9cef3a0e6' },
        ],
      });
      expect(sink.alerts).toHaveLength(1);
      expect(sink.alerts[0]!.context).toEqual({
        correlationId: 'am-42',
        authMethod: 'bearer',
        endpoint: 'alertmanager',
      });
      expect(sink.alerts[0]!.alerts.map((alert) => alert.status)).toEqual(['FIRING', 'FIRING']);
    });

    it('accepts an array of generic alerts', async () => {
      const alerts = [
        { source: 'zabbix', status: 'firing', severity: 'warning', title: 'Load high', service: 'erp' },
        { source: 'zabbix', status: 'resolved', severity: 'warning', title: 'Swap low', service: 'erp' },
      ];
      const response = await post('/intake/alerts', JSON.stringify(alerts), withBearer);
      expect(response.status).toBe(202);
      expect(sink.alerts[0]!.alerts).toEqual([
        expect.objectContaining({
          source: 'zabbix',
          status: 'FIRING',
          affectedServices: ['erp'],
          startsAt: now,
        }),
        expect.objectContaining({ status: 'RESOLVED', endsAt: now }),
      ]);
    });

    it('hands a parsed email to the sink', async () => {
      const mail = [
        'From: =?UTF-8?Q?Ana=C3=AFs_L=C3=A9ger?= <anais@example.fr>',
        'Subject: RE: [INC-000123] Imprimante',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Toujours en panne.',
        '',
      ].join('\r\n');
      const response = await post('/intake/email', mail, {
        'content-type': 'message/rfc822',
        authorization: `Bearer ${bearer}`,
      });
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({
        results: [{ outcome: 'COMMENT_ADDED', incidentId: 'i-1', incidentNumber: 'INC-000123' }],
      });
      expect(sink.emails[0]!.email).toMatchObject({
        from: { name: 'Anaïs Léger', email: 'anais@example.fr' },
        text: 'Toujours en panne.',
        receivedAt: now,
      });
    });

    it('answers a sink failure with its code, or a masked 500 that Alertmanager will retry', async () => {
      sink.failWith = new DomainError('NOT_FOUND', 'No incident INC-000999');
      const notFound = await post('/intake/alertmanager', firingBody, withBearer);
      expect(notFound.status).toBe(404);
      expect(await errorOf(notFound)).toMatchObject({ code: 'NOT_FOUND', message: 'No incident INC-000999' });

      sink.failWith = new Error('connection terminated: password=hunter2');
      const broken = await post('/intake/alertmanager', firingBody, withBearer);
      expect(broken.status).toBe(500);
      expect(await errorOf(broken)).toEqual({
        code: 'INTERNAL_SERVER_ERROR',
        message: 'Internal server error',
        correlationId: expect.any(String),
      });
    });
  });
});
