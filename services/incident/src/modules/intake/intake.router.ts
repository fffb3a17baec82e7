import type { Logger } from '@mim/observability';
import express, { type Request, type Response, type Router } from 'express';
import {
  type NormalizerOptions,
  normalizeAlertmanagerWebhook,
  normalizeGenericAlert,
} from './alert-normalizer';
import { alertmanagerWebhookSchema } from './alertmanager.schema';
import { parseEmail } from './email-intake';
import { genericAlertPayloadSchema } from './generic-alert.schema';
import { type IntakeAuthConfig, requireCredentials, verifyIntakeRequest } from './intake-auth';
import { IntakeHttpError, bodyReadError, correlationIdOf, parseJsonBody, sendError } from './intake-http';
import type { IntakeContext, IntakeResult, IntakeSink } from './intake-sink';
import type { ReplayGuard } from './replay-guard';

export interface IntakeRouterDeps {
  auth: IntakeAuthConfig;
  replayGuard: ReplayGuard;
  sink: IntakeSink;
  logger: Logger;
  /** Largest alert payload accepted, in bytes (413 beyond). */
  maxBodyBytes: number;
  email: {
    /** The incident number prefix (`INC`), to find `INC-000123` in a reply's subject. */
    numberPrefix: string;
    /** Largest message, in bytes; default maxBodyBytes. */
    maxBytes?: number;
  };
  normalizer?: NormalizerOptions;
  now?: () => Date;
}

type Work = (raw: Buffer, context: IntakeContext) => Promise<IntakeResult[]>;

/**
 * The monitoring and email intake endpoints, to mount on the service's express app:
 *
 * - `POST /intake/alertmanager`: an Alertmanager webhook (payload version 4), `application/json`;
 * - `POST /intake/alerts`: one generic alert or an array of them (`generic-alert.schema.ts`);
 * - `POST /intake/email`: a raw RFC 822 message, `message/rfc822` or `text/plain`.
 *
 * Each reads the raw body (no decompression, so an HMAC covers exactly the bytes sent), authenticates
 * it (`intake-auth.ts`), validates it, hands it to the sink and answers `202 { results }`. Refusals are
 * `{ error: { code, message, correlationId } }`: 401 UNAUTHENTICATED, 400 BAD_REQUEST (broken JSON) or
 * BAD_USER_INPUT (with `fields`), 413 too large, 415 wrong Content-Type or a compressed body. Only a
 * request that passed all of that reaches the sink. Alertmanager retries a 5xx; deduplication by
 * fingerprint makes a retry change nothing but the occurrence count.
 */
export function createIntakeRouter(deps: IntakeRouterDeps): Router {
  if (deps.auth.bearerSecrets.length === 0 && deps.auth.hmacSecrets.length === 0) {
    throw new Error('Intake needs at least one bearer secret or HMAC key');
  }
  const router = express.Router();
  const now = deps.now ?? (() => new Date());
  const emailMaxBytes = deps.email.maxBytes ?? deps.maxBodyBytes;
  const json = ['application/json', '+json'];

  const endpoint =
    (name: IntakeContext['endpoint'], types: string[], limit: number, work: Work) =>
    async (request: Request, response: Response): Promise<void> => {
      const correlationId = correlationIdOf(request, response);
      try {
        requireCredentials(request.headers);
        if (!request.is(types)) {
          throw new IntakeHttpError('BAD_REQUEST', `Content-Type must be one of: ${types.join(', ')}`, 415);
        }
        const raw = await readRawBody(request, response, limit);
        const authMethod = await verifyIntakeRequest(
          { headers: request.headers, rawBody: raw },
          deps.auth,
          deps.replayGuard,
          now(),
        );
        const results = await work(raw, { correlationId, authMethod, endpoint: name });
        deps.logger.info(
          { correlationId, endpoint: name, authMethod, results: results.length },
          'intake accepted',
        );
        response.status(202).json({ results });
      } catch (error) {
        sendError(response, bodyReadError(error, limit) ?? error, correlationId, deps.logger);
      }
    };

  router.post(
    '/intake/alertmanager',
    endpoint('alertmanager', json, deps.maxBodyBytes, (raw, context) => {
      const payload = parseJsonBody(raw, alertmanagerWebhookSchema);
      return deps.sink.receiveAlerts(normalizeAlertmanagerWebhook(payload, deps.normalizer), context);
    }),
  );

  router.post(
    '/intake/alerts',
    endpoint('alerts', json, deps.maxBodyBytes, (raw, context) => {
      const payload = parseJsonBody(raw, genericAlertPayloadSchema);
      const receivedAt = now();
      const alerts = (Array.isArray(payload) ? payload : [payload]).map((alert) =>
        normalizeGenericAlert(alert, receivedAt, deps.normalizer),
      );
      return deps.sink.receiveAlerts(alerts, context);
    }),
  );

  router.post(
    '/intake/email',
    endpoint('email', ['message/rfc822', 'text/plain'], emailMaxBytes, async (raw, context) => {
      const email = await parseEmail(raw, {
        maxBytes: emailMaxBytes,
        numberPrefix: deps.email.numberPrefix,
        now,
      });
      return [await deps.sink.receiveEmail(email, context)];
    }),
  );

  return router;
}

/** The body exactly as sent, at most `limit` bytes; `inflate: false` refuses compressed bodies (415). */
function readRawBody(request: Request, response: Response, limit: number): Promise<Buffer> {
  const parse = express.raw({ type: () => true, limit, inflate: false });
  return new Promise((resolve, reject) => {
    // body-parser fails with an http-errors Error (`type` says why; see bodyReadError).
    parse(request, response, (error?: Error) => {
      if (error) reject(error);
      else resolve(Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));
    });
  });
}
