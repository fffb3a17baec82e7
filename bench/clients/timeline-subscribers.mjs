#!/usr/bin/env node
// Load process for the subscription benchmark: opens COUNT graphql-ws sockets (one identity each) to the
// gateway, subscribes each to one incident's timeline, and records, per delivered entry, the delay from
// the entry's `occurredAt` to its arrival here. The parent asks for the report over IPC. A round starts
// with `reset` (since: the round's start, epoch ms): entries that occurred before it (late deliveries of
// an earlier round) are counted apart; an entry delivered twice to the same subscriber is a duplicate.
// `count` answers with the round's deliveries so far (cheap, for polling); `report` with every latency.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { createClient } = require('graphql-ws');
const WebSocket = require('ws');
const { signDevelopmentToken } = require(path.join(root, 'packages/auth/dist/index.js'));

const { url, incidentId, count, auth } = JSON.parse(process.argv[2]);
const wsUrl = url.replace(/^http/, 'ws');
const latencies = [];
let since = 0;
let late = 0;
let duplicates = 0;
const errors = [];
const clients = [];
let subscribed = 0;
let openRetries = 0;
const openFailures = [];

/** A readable text for whatever graphql-ws reports (an Error, a CloseEvent, an ErrorEvent, GraphQL errors). */
function describe(error) {
  if (Array.isArray(error)) return error[0]?.extensions?.code ?? error[0]?.message ?? 'error';
  return String(error?.message ?? error?.code ?? error?.reason ?? error?.type ?? error);
}

/**
 * One subscriber: connects (retrying a failed connection, e.g. a reset while the gateway's accept queue
 * is full, up to 5 times), then subscribes. Resolves once connected, so waves of openings are paced by
 * the gateway's own speed. Errors after the connection are recorded for the report.
 */
async function openOne(index) {
  const token = await signDevelopmentToken(
    { subject: `viewer-${index}`, roles: ['service_desk_technician'], name: `Viewer ${index}` },
    auth,
  );
  let client;
  for (let attempt = 1; ; attempt += 1) {
    client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
      onNonLazyError: () => undefined, // reported by the 'error' and 'closed' listeners below
    });
    const listeners = [];
    const outcome = await new Promise((resolve) => {
      listeners.push(
        client.on('connected', () => resolve(null)),
        client.on('error', (error) => resolve(error ?? 'error')),
        client.on('closed', (event) => resolve(event ?? 'closed')),
      );
    });
    for (const off of listeners) off();
    if (outcome === null) break;
    await client.dispose();
    if (attempt === 5) {
      openFailures.push(describe(outcome));
      return;
    }
    openRetries += 1;
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
  }
  client.on('closed', (event) => errors.push(`closed: ${describe(event)}`));
  clients.push(client);
  const seen = new Set();
  client.subscribe(
    {
      query: 'subscription($id: ID!) { incidentTimeline(incidentId: $id) { position occurredAt } }',
      variables: { id: incidentId },
    },
    {
      next: ({ data, errors: payloadErrors }) => {
        if (payloadErrors) errors.push(describe(payloadErrors));
        const entry = data?.incidentTimeline;
        if (!entry) return;
        const occurredAt = Date.parse(entry.occurredAt);
        if (seen.has(entry.position)) duplicates += 1;
        else if (occurredAt < since) late += 1;
        else latencies.push(Date.now() - occurredAt);
        seen.add(entry.position);
      },
      error: (error) => errors.push(describe(error)),
      complete: () => undefined,
    },
  );
  subscribed += 1;
}

async function main() {
  // Sockets are opened in waves of 250, each wave once the previous one is connected, so the gateway's
  // listen backlog is never the bottleneck.
  for (let start = 0; start < count; start += 250) {
    await Promise.all(
      Array.from({ length: Math.min(250, count - start) }, (_, offset) => openOne(start + offset)),
    );
  }
  process.send?.({
    type: 'opened',
    subscribed,
    openRetries,
    openFailures: openFailures.length,
    openErrors: openFailures.slice(0, 5),
  });
}

process.on('message', async (message) => {
  if (message.type === 'reset') {
    latencies.length = 0;
    since = message.since ?? Date.now();
    late = 0;
    duplicates = 0;
    process.send?.({ type: 'reset-done' });
  }
  if (message.type === 'count') {
    process.send?.({ type: 'count', received: latencies.length, errorCount: errors.length });
  }
  if (message.type === 'report') {
    process.send?.({
      type: 'report',
      latencies,
      late,
      duplicates,
      errors: errors.slice(0, 20),
      errorCount: errors.length,
      rssBytes: process.memoryUsage().rss,
    });
  }
  if (message.type === 'stop') {
    await Promise.all(clients.map((client) => client.dispose()));
    process.exit(0);
  }
});

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
