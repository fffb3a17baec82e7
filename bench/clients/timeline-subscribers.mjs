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

async function openOne(index) {
  const token = await signDevelopmentToken(
    { subject: `viewer-${index}`, roles: ['service_desk_technician'], name: `Viewer ${index}` },
    auth,
  );
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${token}` },
    onNonLazyError: (error) => errors.push(String(error?.code ?? error)),
  });
  clients.push(client);
  const seen = new Set();
  client.subscribe(
    {
      query: 'subscription($id: ID!) { incidentTimeline(incidentId: $id) { position occurredAt } }',
      variables: { id: incidentId },
    },
    {
      next: ({ data, errors: payloadErrors }) => {
        if (payloadErrors) errors.push(payloadErrors[0]?.extensions?.code ?? 'error');
        const entry = data?.incidentTimeline;
        if (!entry) return;
        const occurredAt = Date.parse(entry.occurredAt);
        if (seen.has(entry.position)) duplicates += 1;
        else if (occurredAt < since) late += 1;
        else latencies.push(Date.now() - occurredAt);
        seen.add(entry.position);
      },
      error: (error) => errors.push(String(error?.code ?? error?.message ?? error)),
      complete: () => undefined,
    },
  );
  subscribed += 1;
}

async function main() {
  // Sockets are opened in waves so the listen backlog is never the bottleneck.
  for (let start = 0; start < count; start += 250) {
    await Promise.all(
      Array.from({ length: Math.min(250, count - start) }, (_, offset) => openOne(start + offset)),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  process.send?.({ type: 'opened', subscribed });
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
