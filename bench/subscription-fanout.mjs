#!/usr/bin/env node
// Benchmark: subscription fan-out (issue 4). One gateway process; subscribers in a separate process over
// real sockets on loopback. For 1,000 and 10,000 subscribers of one incident's timeline: every entry
// delivered to every subscriber (checked), delay from the entry's recording to its arrival (p50/p95/p99),
// and the gateway's memory per connection.
//
//   npm run bench -- subscription-fanout        (SUBSCRIBERS=1000,10000 EVENTS=20 to change the sizes)
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { graphql, metricValue, percentile, root, startBenchStack } from './lib/stack.mjs';
import { writeResults } from './lib/results.mjs';

const sizes = (process.env.SUBSCRIBERS ?? '1000,10000').split(',').map(Number);
const eventsPerRound = Number(process.env.EVENTS ?? 20);
const targets = { 1000: { p95: 50 }, 10000: { p99: 250 } };

const rssOf = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
};

function request(child, type, expect) {
  return new Promise((resolve) => {
    const listener = (message) => {
      if (message.type === expect) {
        child.off('message', listener);
        resolve(message);
      }
    };
    child.on('message', listener);
    child.send({ type });
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
  const results = [];
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

    for (const size of sizes) {
      const rssBefore = rssOf(stack.gateway.pid);
      const child = fork(path.join(root, 'bench/clients/timeline-subscribers.mjs'), [
        JSON.stringify({ url: stack.gateway.url, incidentId: incident.id, count: size, auth: stack.auth }),
      ]);
      await new Promise((resolve) => child.once('message', resolve));
      await waitFor(
        async () => (await metricValue(metricsUrl, 'mim_graphql_subscriptions')) >= size,
        120_000,
        `${size} subscriptions`,
      ).catch(async (error) => {
        const report = await request(child, 'report', 'report');
        const open = await metricValue(metricsUrl, 'mim_graphql_subscriptions');
        child.kill();
        throw new Error(`${error.message}: ${open} open, client errors ${JSON.stringify(report.errors)}`);
      });
      const rssAfter = rssOf(stack.gateway.pid);
      // Warm-up: a few entries, not measured.
      for (let i = 0; i < 3; i += 1) await comment(`warm-up ${i}`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await request(child, 'reset', 'reset-done');

      for (let i = 0; i < eventsPerRound; i += 1) {
        await comment(`event ${i}`);
        await new Promise((resolve) => setTimeout(resolve, size >= 10_000 ? 1000 : 300));
      }
      const expected = size * eventsPerRound;
      let report;
      await waitFor(
        async () => {
          report = await request(child, 'report', 'report');
          return report.latencies.length >= expected;
        },
        60_000,
        `${expected} deliveries`,
      ).catch(() => undefined);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      child.kill();
      const sorted = [...report.latencies].sort((a, b) => a - b);
      const counts = Object.values(report.deliveries);
      const target = targets[size] ?? {};
      const row = {
        subscribers: size,
        events: eventsPerRound,
        delivered: report.latencies.length,
        expected,
        duplicates: counts.filter((count) => count > size).length,
        p50_ms: percentile(sorted, 50),
        p95_ms: percentile(sorted, 95),
        p99_ms: percentile(sorted, 99),
        gateway_kib_per_connection: Math.round((rssAfter - rssBefore) / size / 1024),
        errors: report.errorCount,
      };
      row.target = target.p95
        ? `p95 < ${target.p95} ms`
        : target.p99
          ? `all delivered, p99 < ${target.p99} ms`
          : '-';
      row.met = target.p95
        ? row.delivered === expected && row.p95_ms < target.p95
        : target.p99
          ? row.delivered === expected && row.p99_ms < target.p99
          : null;
      results.push(row);
      await waitFor(
        async () => (await metricValue(metricsUrl, 'mim_graphql_subscriptions')) === 0,
        30_000,
        'sockets to close',
      );
    }
    console.table(results);
    writeResults('subscription-fanout', results);
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
