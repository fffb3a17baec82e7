#!/usr/bin/env node
// Receiver process for the webhook benchmark: an HTTP server on loopback that answers 204 to every call,
// verifies its signature, and counts calls per X-MIM-Delivery-Id, so the parent can check that every
// delivery arrived exactly once. The parent asks for the counts over IPC; `reset` starts a new round:
// the round's counts restart, but a repeated call of an earlier round's delivery still counts as a
// duplicate (the ids seen are kept for the whole run).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const { secret } = JSON.parse(process.argv[2]);
const seen = new Set();
let round = { unique: 0, duplicates: 0, badSignatures: 0, firstAt: null, lastAt: null };

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
      round.badSignatures += 1;
    }
    const id = String(request.headers['x-mim-delivery-id']);
    if (seen.has(id)) round.duplicates += 1;
    else {
      seen.add(id);
      round.unique += 1;
    }
    const now = Date.now();
    round.firstAt ??= now;
    round.lastAt = now;
    response.writeHead(204).end();
  });
});

server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.address().port }));
process.on('message', (message) => {
  if (message.type === 'stats') {
    process.send({ type: 'stats', ...round });
  } else if (message.type === 'reset') {
    round = { unique: 0, duplicates: 0, badSignatures: 0, firstAt: null, lastAt: null };
    process.send({ type: 'reset' });
  } else if (message.type === 'stop') {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  }
});
