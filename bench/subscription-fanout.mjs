#!/usr/bin/env node
// Benchmark: subscription fan-out (issue 4). One gateway process; subscribers in a separate process over
// real sockets on loopback. For 1,000 and 10,000 subscribers of one incident's timeline (sockets opened
// once per size): the gateway's memory per connection, then a warm-up round and ROUNDS measured rounds of
// EVENTS timeline entries each. Per round: every entry delivered to every subscriber exactly once
// (checked), and the delay from the entry's recording to its arrival (p50/p95/p99). Targets: 1,000
// subscribers p95 < 50 ms; 10,000 subscribers all delivered and p99 < 250 ms.
//
//   npm run bench -- subscription-fanout     (SUBSCRIBERS=1000,10000 EVENTS=20 ROUNDS=3 WARMUPS=1)
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { graphql, metricValue, percentile, root, startBenchStack } from './lib/stack.mjs';
import { below, exactly, figure, measureRounds, roundSettings } from './lib/figures.mjs';
import { writeResults } from './lib/results.mjs';

const sizes = (process.env.SUBSCRIBERS ?? '1000,10000').split(',').map(Number);
const eventsPerRound = Number(process.env.EVENTS ?? 20);
const rounds = roundSettings({ warmups: 1, count: 3 });
/** The issue's targets, by number of subscribers (latency percentile -> limit in ms). */
const targets = { 1000: { p95: 50 }, 10000: { p99: 250 } };

const rssOf = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
};

/** Sends a message (a type, or a message with its type) to the client process; resolves with its answer. */
function request(child, message, expect) {
  return new Promise((resolve) => {
    const listener = (answer) => {
      if (answer.type === expect) {
        child.off('message', listener);
        resolve(answer);
      }
    };
    child.on('message', listener);
    child.send(typeof message === 'string' ? { type: message } : message);
  });
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function main() {
  const stack = await startBenchStack();
  const metricsUrl = stack.gateway.url.replace(/\/graphql$/, '/metrics');
  const manager = await stack.token('bench-manager', ['major_incident_manager']);
  try {
    const { createIncident: incident } = await graphql(
      stack.gateway.url,
      manager,
      `
        mutation ($input: CreateIncidentInput!) {
          createIncident(input: $input) {
            id
          }
        }
      `,
      {
        input: {
          title: 'Fan-out',
          description: 'Everyone watches',
          channel: 'PORTAL',
          impact: 'EXTENSIVE',
          urgency: 'CRITICAL',
        },
      },
    );
    const comment = (body) =>
      graphql(
        stack.gateway.url,
        manager,
        `
          mutation ($id: ID!, $body: String!) {
            addIncidentComment(incidentId: $id, body: $body, visibility: INTERNAL) {
              id
            }
          }
        `,
        { id: incident.id, body },
      );

    const figures = [];
    const details = [];
    for (const size of sizes) {
      const rssBefore = rssOf(stack.gateway.pid);
      const child = fork(path.join(root, 'bench/clients/timeline-subscribers.mjs'), [
        JSON.stringify({ url: stack.gateway.url, incidentId: incident.id, count: size, auth: stack.auth }),
      ]);
      const opening = Date.now();
      // A subscriber that cannot connect after its retries is not waited for: it shows in the figures.
      const opened = await new Promise((resolve) => child.once('message', resolve));
      if (opened.openFailures > 0)
        console.error(
          `${opened.openFailures} of ${size} subscribers could not connect: ${opened.openErrors}`,
        );
      await waitFor(
        async () => (await metricValue(metricsUrl, 'mim_graphql_subscriptions')) >= opened.subscribed,
        120_000,
        `${opened.subscribed} subscriptions`,
      ).catch(async (error) => {
        const report = await request(child, 'report', 'report');
        const open = await metricValue(metricsUrl, 'mim_graphql_subscriptions');
        child.kill();
        throw new Error(`${error.message}: ${open} open, client errors ${JSON.stringify(report.errors)}`);
      });
      const openSeconds = +((Date.now() - opening) / 1000).toFixed(1);
      const kibPerConnection = Math.round(
        (rssOf(stack.gateway.pid) - rssBefore) / Math.max(opened.subscribed, 1) / 1024,
      );
      console.log(
        `${opened.subscribed} of ${size} subscribers open in ${openSeconds} s (${opened.openRetries} connections retried), ${kibPerConnection} KiB per connection`,
      );

      const spacingMs = size >= 10_000 ? 1000 : 300;
      const measured = await measureRounds(rounds, async ({ warmup, index }) => {
        const entries = warmup ? Math.min(eventsPerRound, 3) : eventsPerRound;
        const since = Date.now();
        await request(child, { type: 'reset', since }, 'reset-done');
        for (let i = 0; i < entries; i += 1) {
          await comment(`${warmup ? 'warm-up' : `round ${index + 1}`} entry ${i}`);
          await new Promise((resolve) => setTimeout(resolve, spacingMs));
        }
        const expected = size * entries;
        await waitFor(
          async () => (await request(child, 'count', 'count')).received >= expected,
          60_000,
          `${expected} deliveries`,
        ).catch(() => undefined);
        const report = await request(child, 'report', 'report');
        const sorted = [...report.latencies].sort((a, b) => a - b);
        const round = {
          expected,
          delivered: report.latencies.length,
          duplicates: report.duplicates,
          late: report.late,
          p50: percentile(sorted, 50),
          p95: percentile(sorted, 95),
          p99: percentile(sorted, 99),
          max: sorted.at(-1) ?? NaN,
          clientErrors: report.errorCount,
        };
        if (!warmup)
          console.log(
            `${size} subscribers, round ${index + 1}: ${round.delivered}/${expected} delivered, p50 ${round.p50} ms p95 ${round.p95} ms p99 ${round.p99} ms`,
          );
        return round;
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      child.kill();

      const of = (key) => measured.map((round) => round[key]);
      const target = targets[size] ?? {};
      const expected = size * eventsPerRound;
      figures.push(
        ...['p50', 'p95', 'p99'].map((p) =>
          figure(
            `${size} subscribers: delivery ${p}`,
            'ms',
            of(p),
            target[p] ? below(target[p], 'ms', `${p} `) : undefined,
          ),
        ),
        figure(
          `${size} subscribers: delivered (of ${expected} per round)`,
          'count',
          of('delivered'),
          exactly(expected),
        ),
        figure(`${size} subscribers: duplicates`, 'count', of('duplicates'), exactly(0)),
        figure(`${size} subscribers: connected`, 'count', [opened.subscribed], exactly(size)),
        figure(`${size} subscribers: gateway memory per connection`, 'KiB', [kibPerConnection]),
      );
      details.push({
        subscribers: size,
        connected: opened.subscribed,
        connectionsRetried: opened.openRetries,
        eventsPerRound,
        openSeconds,
        kibPerConnection,
        rounds: measured,
      });
      await waitFor(
        async () => (await metricValue(metricsUrl, 'mim_graphql_subscriptions')) === 0,
        30_000,
        'sockets to close',
      );
    }
    writeResults('subscription-fanout', { figures, warmups: rounds.warmups, sizes: details });
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
