#!/usr/bin/env node
// Receiver process for the webhook benchmark: an HTTP server on loopback that answers 204 to every call,
// verifies its signature, and counts calls per X-MIM-Delivery-Id, so the parent can check that every
// delivery arrived exactly once. The parent asks for the counts over IPC.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const { secret } = JSON.parse(process.argv[2]);
const calls = new Map();
let badSignatures = 0;
let firstAt = null;
let lastAt = null;

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    const timestamp = request.headers['x-mim-timestamp'];
    const signature = String(request.headers['x-mim-signature'] ?? '');
    const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
    if (
      signature.length !== expected.length ||
      !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
    ) {
      badSignatures += 1;
    }
    const id = String(request.headers['x-mim-delivery-id']);
    calls.set(id, (calls.get(id) ?? 0) + 1);
    const now = Date.now();
    firstAt ??= now;
    lastAt = now;
    response.writeHead(204).end();
  });
});

server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.address().port }));
process.on('message', (message) => {
  if (message.type === 'stats') {
    let duplicates = 0;
    for (const count of calls.values()) if (count > 1) duplicates += count - 1;
    process.send({ type: 'stats', unique: calls.size, duplicates, badSignatures, firstAt, lastAt });
  } else if (message.type === 'stop') {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  }
});
