import type { FormattedExecutionResult } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface SocketClosed {
  code: number;
  reason: string;
}

/** One graphql-ws subscription as a client sees it: every payload received, and how it ended. */
export interface LiveSubscription<TData> {
  readonly received: FormattedExecutionResult<TData>[];
  /** Resolves when `count` payloads have arrived in total (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<FormattedExecutionResult<TData>[]>;
  /** Resolves when the server completes the subscription or the socket closes. */
  readonly ended: Promise<'complete' | 'error'>;
  unsubscribe(): void;
}

export interface LiveClient {
  client: Client;
  /** Resolves with the close code when the socket closes. */
  closed: Promise<SocketClosed>;
  subscribe<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): LiveSubscription<TData>;
  dispose(): Promise<void>;
}

/** `http://host:port/graphql` -> `ws://host:port/graphql`. */
export function webSocketUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

/** A graphql-ws client over a real socket, with the token in connection params; never reconnects. */
export function liveClient(httpUrl: string, token: string | null): LiveClient {
  let resolveClosed: (closed: SocketClosed) => void = () => undefined;
  const closed = new Promise<SocketClosed>((resolve) => {
    resolveClosed = resolve;
  });
  const client = createClient({
    url: webSocketUrl(httpUrl),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        resolveClosed({ code, reason: String(reason) });
      },
    },
    onNonLazyError: () => undefined,
  });

  return {
    client,
    closed,
    subscribe<TData>(query: string, variables: Record<string, unknown> = {}) {
      const received: FormattedExecutionResult<TData>[] = [];
      const waiters: { count: number; resolve: () => void }[] = [];
      let settle: (how: 'complete' | 'error') => void = () => undefined;
      const ended = new Promise<'complete' | 'error'>((resolve) => {
        settle = resolve;
      });
      const unsubscribe = client.subscribe<TData>(
        { query, variables },
        {
          next: (value) => {
            received.push(value as FormattedExecutionResult<TData>);
            for (const waiter of waiters.filter((candidate) => received.length >= candidate.count)) {
              waiter.resolve();
            }
          },
          error: (error) => {
            if (Array.isArray(error)) received.push({ errors: error });
            settle('error');
          },
          complete: () => settle('complete'),
        },
      );
      return {
        received,
        ended,
        unsubscribe,
        waitFor(count, timeoutMs = 15_000) {
          if (received.length >= count) return Promise.resolve(received);
          return new Promise<FormattedExecutionResult<TData>[]>((resolve, reject) => {
            const timer = setTimeout(
              () =>
                reject(
                  new Error(
                    `expected ${count} payloads, got ${received.length}: ${JSON.stringify(received)}`,
                  ),
                ),
              timeoutMs,
            );
            waiters.push({
              count,
              resolve: () => {
                clearTimeout(timer);
                resolve(received);
              },
            });
          });
        },
      };
    },
    async dispose() {
      await client.dispose();
    },
  };
}

/** The gateway's count of open subscriptions (from its `/metrics`), to know a subscription is set up. */
export async function openSubscriptions(httpUrl: string): Promise<number> {
  const text = await (await fetch(httpUrl.replace(/\/graphql$/, '/metrics'))).text();
  const line = text.split('\n').find((candidate) => /^mim_graphql_subscriptions[ {]/.test(candidate));
  return line ? Number(line.split(' ').at(-1)) : 0;
}
