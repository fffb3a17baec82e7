#!/usr/bin/env node
// Load process for the subscription benchmark: opens COUNT graphql-ws sockets (one identity each) to the
// gateway, subscribes each to one incident's timeline, and records, per delivered entry, the delay from
// the entry's `occurredAt` to its arrival here. The parent asks for the report over IPC.
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
const deliveries = new Map();
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
        latencies.push(Date.now() - Date.parse(entry.occurredAt));
        deliveries.set(entry.position, (deliveries.get(entry.position) ?? 0) + 1);
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
    deliveries.clear();
    process.send?.({ type: 'reset-done' });
  }
  if (message.type === 'report') {
    process.send?.({
      type: 'report',
      latencies,
      deliveries: Object.fromEntries(deliveries),
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
