#!/usr/bin/env node
// Benchmark: what the gateway adds (issue 4). The same single-subgraph query, sent through the gateway
// and straight to the incident subgraph by autocannon in its own process (loopback, fixed connections,
// fixed duration). A round is one autocannon run of each path, back to back; after a warm-up round,
// ROUNDS measured rounds: throughput and p50/p99 of both paths and their ratio per round. No target is
// stated for it; failed requests must be none (otherwise the other figures mean little).
//
//   npm run bench -- gateway-overhead    (DURATION=6 CONNECTIONS=10 ROUNDS=3 WARMUPS=1 change the load)
import { graphql, startBenchStack } from './lib/stack.mjs';
import { exactly, figure, measureRounds, roundSettings } from './lib/figures.mjs';
import { autocannon, graphqlLoad, loadSummary } from './lib/load.mjs';
import { writeResults } from './lib/results.mjs';

const duration = Number(process.env.DURATION ?? 6);
const connections = Number(process.env.CONNECTIONS ?? 10);
const rounds = roundSettings({ warmups: 1, count: 3 });
const query = '{ incidents(first: 20) { nodes { id number title status priority reportedAt } } }';

async function main() {
  const stack = await startBenchStack();
  try {
    const token = await stack.token('bench-agent', ['service_desk_technician']);
    for (let i = 0; i < 100; i += 1) {
      await graphql(
        stack.gateway.url,
        token,
        `
          mutation ($input: CreateIncidentInput!) {
            createIncident(input: $input) {
              id
            }
          }
        `,
        {
          input: {
            title: `Seed ${i}`,
            description: 'Seed',
            channel: 'PHONE',
            impact: 'MODERATE',
            urgency: 'MEDIUM',
          },
        },
      );
    }
    // Both paths answer the query without errors before any load is sent.
    for (const url of [stack.services.incident.url, stack.gateway.url]) {
      const { incidents } = await graphql(url, token, query);
      if (incidents.nodes.length !== 20)
        throw new Error(`${url}: ${incidents.nodes.length} incidents, not 20`);
    }
    const run = async (url, seconds) =>
      loadSummary(await autocannon({ ...graphqlLoad(url, token, query), connections, seconds }));
    // The warm-up round (JIT, connection pools, query plan cache) is shorter than a measured one.
    const measured = await measureRounds(rounds, async ({ warmup, index }) => {
      const seconds = warmup ? Math.min(duration, 3) : duration;
      const direct = await run(stack.services.incident.url, seconds);
      const gateway = await run(stack.gateway.url, seconds);
      if (!warmup)
        console.log(
          `round ${index + 1}: direct ${Math.round(direct.requestsPerSecond)} req/s p50 ${direct.p50} ms p99 ${direct.p99} ms; gateway ${Math.round(gateway.requestsPerSecond)} req/s p50 ${gateway.p50} ms p99 ${gateway.p99} ms`,
        );
      return { direct, gateway };
    });
    const of = (path, key) => measured.map((round) => round[path][key]);
    const ratio = (key) =>
      measured.map((round) => +(round.gateway[key] / Math.max(round.direct[key], 0.01)).toFixed(2));
    const figures = [
      figure('incident subgraph directly: throughput', 'req/s', of('direct', 'requestsPerSecond')),
      figure('incident subgraph directly: p50', 'ms', of('direct', 'p50')),
      figure('incident subgraph directly: p99', 'ms', of('direct', 'p99')),
      figure('through the gateway: throughput', 'req/s', of('gateway', 'requestsPerSecond')),
      figure('through the gateway: p50', 'ms', of('gateway', 'p50')),
      figure('through the gateway: p99', 'ms', of('gateway', 'p99')),
      figure('ratio gateway / direct: throughput', 'x', ratio('requestsPerSecond')),
      figure('ratio gateway / direct: p50', 'x', ratio('p50')),
      figure('ratio gateway / direct: p99', 'x', ratio('p99')),
      figure(
        'failed requests (both paths)',
        'count',
        measured.map((round) => round.direct.failed + round.gateway.failed),
        exactly(0),
      ),
    ];
    writeResults('gateway-overhead', {
      figures,
      query,
      connections,
      durationSeconds: duration,
      warmups: rounds.warmups,
      rounds: measured,
    });
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
