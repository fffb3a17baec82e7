#!/usr/bin/env node
// Load generator of the alert-storm benchmark, in its own process (forked, IPC). autocannon sends one
// body from the command line and reaches a rate by bursts at the start of each second, so this client
// does what the scenario needs instead: POSTs the given bodies in turn at a fixed rate (request i is due
// at start + i / rate, whatever happened to the earlier ones: an open loop), over keep-alive connections
// (at most `connections` at once; a request that finds them all busy waits for one, and that wait counts
// in its latency). Latency is measured from when the request was due, not from when it could be sent,
// so a slow server cannot hide its queue (no coordinated omission). Every answer is read: the intake's
// per-alert outcomes are counted, so the parent can check them against the database.
//
// Protocol: the parent sends { type: 'run', url, headers, bodies, rate, seconds, connections,
// timeoutMs }; the client answers { type: 'result', ... } (see `run`), then { type: 'stop' } ends it.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function latencies(values) {
  const sorted = Float64Array.from(values).sort();
  const at = (p) => +percentile(sorted, p).toFixed(2);
  return { p50: at(50), p90: at(90), p99: at(99), max: +(sorted.at(-1) ?? NaN).toFixed(2) };
}

async function run({ url, headers, bodies, rate, seconds, connections, timeoutMs = 30_000 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const payloads = bodies.map((body) => Buffer.from(body));
  const total = Math.round(rate * seconds);
  const intervalMs = 1000 / rate;
  const fromDue = [];
  const fromSent = [];
  const statuses = {};
  const outcomes = {};
  let sendDelayMax = 0;
  let errors = 0;
  let lastAnswerAt = 0;

  const send = (index, dueAt) =>
    new Promise((resolve) => {
      const sentAt = performance.now();
      sendDelayMax = Math.max(sendDelayMax, sentAt - dueAt);
      const body = payloads[index % payloads.length];
      const request = http.request(
        target,
        {
          method: 'POST',
          agent,
          headers: { ...headers, 'content-type': 'application/json', 'content-length': body.length },
          timeout: timeoutMs,
        },
        (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('end', () => {
            const now = performance.now();
            lastAnswerAt = Math.max(lastAnswerAt, now);
            fromDue.push(now - dueAt);
            fromSent.push(now - sentAt);
            statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
            try {
              for (const result of JSON.parse(Buffer.concat(chunks).toString()).results ?? []) {
                outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
              }
            } catch {
              // not JSON: the status says what happened
            }
            resolve();
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', () => {
        errors += 1;
        resolve();
      });
      request.end(body);
    });

  const answers = [];
  const startedAt = performance.now() + 20;
  for (let index = 0; index < total; index += 1) {
    const dueAt = startedAt + index * intervalMs;
    const wait = dueAt - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    answers.push(send(index, dueAt));
  }
  const lastSentAt = performance.now();
  await Promise.all(answers);
  agent.destroy();
  return {
    requests: total,
    statuses,
    errors,
    outcomes,
    /** From when each request was due to its full answer; and from when it was actually written. */
    latencyMs: latencies(fromDue),
    serviceTimeMs: latencies(fromSent),
    /** How late the generator itself sent a request (its own event loop), at worst. */
    sendDelayMaxMs: +sendDelayMax.toFixed(2),
    sendSeconds: (lastSentAt - startedAt) / 1000,
    /** From the first request due to the last answer. */
    elapsedSeconds: (lastAnswerAt - startedAt) / 1000,
  };
}

process.on('message', (message) => {
  if (message.type === 'run') {
    run(message).then(
      (result) => process.send({ type: 'result', ...result }),
      (error) => process.send({ type: 'error', message: String(error?.stack ?? error) }),
    );
  } else if (message.type === 'stop') {
    process.exit(0);
  }
});
process.send({ type: 'ready' });
