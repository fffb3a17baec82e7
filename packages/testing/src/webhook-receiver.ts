import { type IncomingHttpHeaders, type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got, as it arrived. */
export interface ReceivedWebhook {
  /** 0 for the first request the receiver got. */
  index: number;
  method: string;
  /** The path and query. */
  path: string;
  /** Names in lower case (node:http). */
  headers: IncomingHttpHeaders;
  /** The body bytes exactly as received: what a signature is checked against. */
  rawBody: Buffer;
  /** X-MIM-Delivery-Id, if sent. */
  deliveryId: string | null;
  /** The status the receiver answered with. */
  status: number;
  receivedAt: Date;
}

/** An answer: a status, or a status with headers (e.g. Retry-After) and a body. */
export type WebhookReply = number | { status: number; headers?: Record<string, string>; body?: string };

/** Decides the answer to each request; `index` counts all requests, from 0. */
export type WebhookResponder = (
  request: Omit<ReceivedWebhook, 'status'>,
  index: number,
) => WebhookReply | Promise<WebhookReply>;

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hook`: the endpoint URL to register. */
  url: string;
  port: number;
  /** Every request so far, in arrival order. */
  requests(): ReceivedWebhook[];
  /** The requests carrying this X-MIM-Delivery-Id. */
  requestsFor(deliveryId: string): ReceivedWebhook[];
  /** How many requests each delivery id got. */
  countsByDeliveryId(): Map<string, number>;
  /** Resolves with the requests once at least `count` arrived; rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  /** Changes how later requests are answered. */
  respondWith(responder: WebhookResponder): void;
  stop(): Promise<void>;
}

/** Ready-made responders. */
export const webhookResponders = {
  /** 200 to everything (the default). */
  ok: (): WebhookResponder => () => 200,
  /** Always the same answer, e.g. `always(503)` or `always(410)`. */
  always:
    (reply: WebhookReply): WebhookResponder =>
    () =>
      reply,
  /** The first `count` requests (all deliveries together) get `status`, then 200. */
  failFirst:
    (count: number, status = 500): WebhookResponder =>
    (_request, index) =>
      index < count ? status : 200,
  /** The first `count` attempts of each delivery (by X-MIM-Delivery-Id) get `status`, then 200. */
  failFirstPerDelivery: (count: number, status = 500): WebhookResponder => {
    const seen = new Map<string, number>();
    return (request) => {
      const key = request.deliveryId ?? '';
      const attempts = (seen.get(key) ?? 0) + 1;
      seen.set(key, attempts);
      return attempts <= count ? status : 200;
    };
  },
};

/**
 * A real HTTP server (node:http) on 127.0.0.1, port chosen by the OS, that records every request (headers
 * and raw body) and answers as its responder says: the far end of the service's webhooks in tests and
 * benchmarks. Keep-alive connections are accepted, as a real receiver would.
 */
export async function startWebhookReceiver(
  options: { respond?: WebhookResponder; path?: string } = {},
): Promise<WebhookReceiver> {
  let responder = options.respond ?? webhookResponders.ok();
  const received: ReceivedWebhook[] = [];
  const waiters = new Set<() => void>();

  const server = createServer((request, response) => {
    void readBody(request).then(async (rawBody) => {
      const index = received.length;
      const header = request.headers['x-mim-delivery-id'];
      const base = {
        index,
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        headers: request.headers,
        rawBody,
        deliveryId: typeof header === 'string' ? header : null,
        receivedAt: new Date(),
      };
      // Recorded before answering, so the record is never behind what the sender saw.
      const record: ReceivedWebhook = { ...base, status: 0 };
      received.push(record);
      let reply: WebhookReply;
      try {
        reply = await responder(base, index);
      } catch {
        reply = 500;
      }
      const { status, headers = {}, body = '' } = typeof reply === 'number' ? { status: reply } : reply;
      record.status = status;
      response.writeHead(status, { 'content-type': 'text/plain', ...headers });
      response.end(body);
      for (const waiter of waiters) waiter();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${options.path ?? '/hook'}`,
    port,
    requests: () => [...received],
    requestsFor: (deliveryId) => received.filter((request) => request.deliveryId === deliveryId),
    countsByDeliveryId() {
      const counts = new Map<string, number>();
      for (const { deliveryId } of received) {
        if (deliveryId !== null) counts.set(deliveryId, (counts.get(deliveryId) ?? 0) + 1);
      }
      return counts;
    },
    waitForRequests(count, timeoutMs = 10_000) {
      return new Promise<ReceivedWebhook[]>((resolve, reject) => {
        const check = () => {
          if (received.length < count || received.some((request) => request.status === 0)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve([...received]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `the webhook receiver got ${received.length} requests within ${timeoutMs} ms, not ${count}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    respondWith(next) {
      responder = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', () => resolve(Buffer.concat(chunks)));
  });
}
