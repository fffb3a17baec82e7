import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { parseRetryAfter } from './delivery.backoff';
import {
  type AttemptResult,
  type ChannelSender,
  type ClaimedDelivery,
  permanentFailure,
  sent,
  transientFailure,
} from './delivery.attempt';
import { signWebhook } from './webhook-signature';

export interface WebhookSenderOptions {
  /** One HTTP attempt (connect, send, the whole answer) gives up after this long. */
  timeoutMs: number;
  /** Open connections per receiver host at most (kept alive between calls); default 64. */
  maxSocketsPerHost?: number;
  /** Unix seconds for X-MIM-Timestamp; tests may fix it. */
  now?: () => number;
}

/** What an answer was: its status, a Retry-After if any, and the start of its body. */
interface Answer {
  status: number;
  retryAfter: string | null;
  snippet: string;
}

/**
 * Webhook calls: the delivery's planned JSON body, POSTed to the endpoint's URL as it is at send time,
 * signed with the endpoint's secret (webhook-signature.ts). Redirects are not followed (the signed request
 * goes where the endpoint says, nowhere else). Connections are kept alive and reused (node:http agents:
 * about twice the rate of fetch for many small calls to one receiver).
 *
 * The answer decides: 2xx sent; 408, 429, 5xx, a network error or a timeout retried (honouring a
 * Retry-After on 429 and 503); any other answer (4xx such as 400, 401, 404, 410, or a redirect) is a
 * refusal that retrying cannot change, dead-lettered at once. A deleted or disabled endpoint is dead-lettered
 * without a call.
 */
export class WebhookSender implements ChannelSender {
  private readonly agents: { http: http.Agent; https: https.Agent };

  constructor(private readonly options: WebhookSenderOptions) {
    const agentOptions = { keepAlive: true, maxSockets: options.maxSocketsPerHost ?? 64 };
    this.agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  }

  async send(delivery: ClaimedDelivery): Promise<AttemptResult> {
    const endpoint = delivery.endpoint;
    if (!endpoint) {
      return permanentFailure(`webhook endpoint ${delivery.webhookEndpointId ?? '(none)'} no longer exists`);
    }
    if (!endpoint.enabled) return permanentFailure(`webhook endpoint "${endpoint.name}" is disabled`);
    if (delivery.payload === null) return permanentFailure('the delivery has no webhook body');

    const rawBody = JSON.stringify(delivery.payload);
    const timestamp = this.options.now?.() ?? Math.floor(Date.now() / 1000);
    let answer: Answer;
    try {
      answer = await this.post(endpoint.url, rawBody, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(rawBody)),
        'user-agent': 'MIM-Webhooks/1',
        'x-mim-delivery-id': delivery.id,
        'x-mim-event': delivery.event,
        'x-mim-timestamp': String(timestamp),
        'x-mim-signature': signWebhook(endpoint.secret, timestamp, rawBody),
      });
    } catch (error) {
      return transientFailure(`POST ${endpoint.url}: ${describeRequestError(error, this.options.timeoutMs)}`);
    }
    const { status, snippet } = answer;
    if (status >= 200 && status < 300) return sent;
    const described = `POST ${endpoint.url} answered ${status}${snippet ? `: ${snippet}` : ''}`;
    if (status === 408 || status === 429 || status >= 500) {
      const retryAfter = status === 429 || status === 503 ? parseRetryAfter(answer.retryAfter) : null;
      return transientFailure(described, retryAfter);
    }
    if (status >= 300 && status < 400) {
      return permanentFailure(`${described} (redirects are not followed: update the endpoint's URL)`);
    }
    return permanentFailure(described);
  }

  close(): Promise<void> {
    this.agents.http.destroy();
    this.agents.https.destroy();
    return Promise.resolve();
  }

  /** One POST; resolves once the whole answer is read (its body drained, so the connection is reused). */
  private post(url: string, body: string, headers: Record<string, string>): Promise<Answer> {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const request = secure ? https.request : http.request;
    return new Promise<Answer>((resolve, reject) => {
      const outgoing = request(
        target,
        {
          method: 'POST',
          headers,
          agent: secure ? this.agents.https : this.agents.http,
          signal: AbortSignal.timeout(this.options.timeoutMs),
        },
        (response) => {
          readAnswer(response).then(resolve, reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }
}

/** The status, Retry-After and the first bytes of the body, for `last_error`; the rest is drained. */
function readAnswer(response: IncomingMessage, maxBytes = 300): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      if (size < maxBytes) chunks.push(chunk);
      size += chunk.length;
    });
    response.on('end', () => {
      const retryAfter = response.headers['retry-after'];
      resolve({
        status: response.statusCode ?? 0,
        retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
        snippet: Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8').replace(/\s+/g, ' ').trim(),
      });
    });
    response.on('error', reject);
  });
}

/** Duck-typed: errors of Node's own modules may come from another realm (a test sandbox). */
function describeRequestError(error: unknown, timeoutMs: number): string {
  const { name, message, cause } = (error ?? {}) as { name?: unknown; message?: unknown; cause?: unknown };
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  if (typeof message !== 'string') return String(error);
  const causeMessage = (cause as { message?: unknown } | undefined)?.message;
  return typeof causeMessage === 'string' ? `${message}: ${causeMessage}` : message;
}
