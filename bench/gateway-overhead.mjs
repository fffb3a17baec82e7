#!/usr/bin/env node
// Benchmark: what the gateway adds (issue 4). The same single-subgraph query, in one run, sent through
// the gateway and straight to the incident subgraph by autocannon in its own process (loopback, fixed
// connections, fixed duration): throughput and p50/p99 of both, and their ratio.
//
//   npm run bench -- gateway-overhead            (DURATION=10 CONNECTIONS=10 to change the load)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { graphql, root, startBenchStack } from './lib/stack.mjs';
import { writeResults } from './lib/results.mjs';

const duration = Number(process.env.DURATION ?? 10);
const connections = Number(process.env.CONNECTIONS ?? 10);
const query = '{ incidents(first: 20) { nodes { id number title status priority reportedAt } } }';
const autocannon = path.join(root, 'node_modules/autocannon/autocannon.js');

/**
 * autocannon in its own process. Asynchronous on purpose: the services answer from this process, so a
 * blocking spawn would stall them.
 */
function autocannonRun(url, token, { json = true, seconds = duration, clients = connections } = {}) {
  const args = [
    autocannon,
    ...(json ? ['--json'] : []),
    '-c',
    String(clients),
    '-d',
    String(seconds),
    '-m',
    'POST',
  ];
  args.push(
    '-H',
    'content-type=application/json',
    '-H',
    `authorization=Bearer ${token}`,
    '-b',
    JSON.stringify({ query }),
    url,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`autocannon failed: ${stderr}`)),
    );
  });
}

async function load(url, token) {
  const output = await autocannonRun(url, token);
  const report = JSON.parse(output);
  if (report.non2xx > 0 || report.errors > 0) throw new Error(`errors under load: ${output.slice(0, 500)}`);
  return {
    requests_per_s: Math.round(report.requests.average),
    p50_ms: report.latency.p50,
    p99_ms: report.latency.p99,
  };
}

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
    // Warm-up of both paths (JIT, connection pools, query plan cache), then the measured runs.
    await autocannonRun(stack.gateway.url, token, { json: false, seconds: 2, clients: 4 });
    await autocannonRun(stack.services.incident.url, token, { json: false, seconds: 2, clients: 4 });
    const direct = await load(stack.services.incident.url, token);
    const throughGateway = await load(stack.gateway.url, token);
    const results = [
      { path: 'incident subgraph directly', ...direct },
      { path: 'through the gateway', ...throughGateway },
      {
        path: 'ratio gateway / direct',
        requests_per_s: +(throughGateway.requests_per_s / direct.requests_per_s).toFixed(2),
        p50_ms: +(throughGateway.p50_ms / Math.max(direct.p50_ms, 0.01)).toFixed(2),
        p99_ms: +(throughGateway.p99_ms / Math.max(direct.p99_ms, 0.01)).toFixed(2),
      },
    ];
    console.log(`query: ${query}\n${connections} connections, ${duration} s each`);
    console.table(results);
    writeResults('gateway-overhead', { query, connections, durationSeconds: duration, results });
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
