// HTTP load from autocannon in its own process (loopback only), so the load generator never shares an
// event loop with what it measures. Asynchronous on purpose: when services answer from the benchmark's
// own process, a blocking spawn would stall them.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { root } from './stack.mjs';

const autocannonBin = path.join(root, 'node_modules/autocannon/autocannon.js');

/**
 * One autocannon run; resolves with its JSON report (requests, latency p50/p99..., non2xx, errors).
 * - url, body (string or object, sent as JSON), headers ({name: value}), method (POST).
 * - connections, seconds; rate (optional): the overall requests per second to hold (a fixed rate,
 *   not "as fast as possible").
 * - amount (optional): stop after this many requests instead of after `seconds`.
 * - idReplacement (optional): replace `[<id>]` in the body with a fresh id in every request.
 */
export function autocannon({
  url,
  body,
  headers = {},
  method = 'POST',
  connections = 10,
  seconds = 10,
  rate,
  amount,
  idReplacement = false,
}) {
  const args = [autocannonBin, '--json', '-c', String(connections), '-d', String(seconds), '-m', method];
  if (rate) args.push('--overallRate', String(rate));
  if (amount) args.push('--amount', String(amount));
  if (idReplacement) args.push('--idReplacement');
  for (const [name, value] of Object.entries({ 'content-type': 'application/json', ...headers }))
    args.push('-H', `${name}=${value}`);
  if (body !== undefined) args.push('-b', typeof body === 'string' ? body : JSON.stringify(body));
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon failed (${code}): ${stderr.slice(0, 500)}`));
      try {
        resolve(JSON.parse(stdout));
      } catch {
        reject(new Error(`autocannon printed no JSON report: ${stdout.slice(0, 300)}`));
      }
    });
  });
}

/** A GraphQL POST body and bearer header for autocannon. */
export function graphqlLoad(url, token, query, variables = {}) {
  return { url, headers: { authorization: `Bearer ${token}` }, body: { query, variables } };
}

/**
 * The usual figures of an autocannon report: requests/s (mean of its per-second samples), latency
 * p50/p90/p99 in ms, and failed requests (non-2xx answers, socket errors, timeouts). A GraphQL error
 * answered with 200 is not counted: check a sample request first when that matters.
 */
export function loadSummary(report) {
  return {
    requestsPerSecond: report.requests.average,
    total: report.requests.total,
    p50: report.latency.p50,
    p90: report.latency.p90,
    p99: report.latency.p99,
    failed: (report.non2xx ?? 0) + (report.errors ?? 0), // errors include timeouts
  };
}
