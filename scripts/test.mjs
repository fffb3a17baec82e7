#!/usr/bin/env node
// `npm test [-- <jest args>]`: checks that PostgreSQL and NATS answer, runs every workspace's tests as
// one jest run, and ends with one plain line CI can read: `N passed, N failed[, N skipped]`.
//
//   PG_ADMIN_URL  PostgreSQL the integration tests use (default postgres://postgres@127.0.0.1:5432/postgres)
//   NATS_URL      NATS servers, comma-separated (default nats://127.0.0.1:4222; the first one is checked)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsFile = path.join(root, '.test-results', 'jest.json');
const pgAdminUrl = process.env.PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const natsUrl = (process.env.NATS_URL || 'nats://127.0.0.1:4222').split(',')[0].trim();
const hints = {
  postgres: 'start it (`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`)',
  nats: 'start it (`nats-server -js -a 127.0.0.1 -p 4222 &`)',
  both: 'or run both with `docker compose -f infra/docker-compose.yml up -d postgres nats`, or set PG_ADMIN_URL / NATS_URL',
};

/** `postgres://user:secret@host/db` -> `postgres://user:***@host/db` for messages. */
function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

async function checkPostgres() {
  const client = new pg.Client({ connectionString: pgAdminUrl, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return `PostgreSQL does not answer at ${redact(pgAdminUrl)} (${error.code ?? error.message}): ${hints.postgres}`;
  } finally {
    await client.end().catch(() => {});
  }
}

function checkNats() {
  let host = '127.0.0.1';
  let port = 4222;
  try {
    const parsed = new URL(natsUrl.includes('://') ? natsUrl : `nats://${natsUrl}`);
    host = parsed.hostname.replace(/^\[|\]$/g, '') || host;
    port = Number(parsed.port || 4222);
  } catch {
    return Promise.resolve(`NATS_URL is not a valid URL: ${natsUrl}`);
  }
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (problem) => {
      socket.destroy();
      resolve(problem);
    };
    const problem = (reason) => `NATS does not answer at ${host}:${port} (${reason}): ${hints.nats}`;
    socket.setTimeout(3000, () => done(problem('timeout')));
    socket.once('connect', () => done(null));
    socket.once('error', (error) => done(problem(error.code ?? error.message)));
  });
}

const problems = (await Promise.all([checkPostgres(), checkNats()])).filter(Boolean);
if (problems.length > 0) {
  console.error(`npm test: ${problems.join('; ')}; ${hints.both}.`);
  process.exit(1);
}

// Jest gets 2 workers unless the caller chose a concurrency (-w / --maxWorkers / -i / --runInBand).
const extraArgs = process.argv.slice(2);
const choosesWorkers = extraArgs.some((arg) => /^(-w|--maxWorkers|-i|--runInBand)(=|$)/.test(arg));
const jestArgs = [
  ...(choosesWorkers ? [] : ['--maxWorkers=2']),
  ...extraArgs,
  '--json',
  '--outputFile',
  resultsFile,
];

// Some tests start built programs as separate processes (a second gateway replica): build first.
// Turbo's cache makes this a no-op when nothing changed.
const build = spawnSync(
  path.join(root, 'node_modules', '.bin', 'turbo'),
  ['run', 'build', '--output-logs=errors-only'],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  },
);
if (build.status !== 0) {
  console.log('0 passed, 0 failed');
  console.error('npm test: the build failed; fix it before testing');
  process.exit(1);
}

mkdirSync(path.dirname(resultsFile), { recursive: true });
rmSync(resultsFile, { force: true });

const jestBin = path.join(root, 'node_modules', '.bin', 'jest');
const child = spawn(jestBin, jestArgs, { cwd: root, stdio: 'inherit' });
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);

const [code, signal] = await new Promise((resolve) => {
  child.once('error', (error) => {
    console.error(`npm test: cannot run jest (${jestBin}): ${error.message}`);
    resolve([1, null]);
  });
  child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
});

let exitCode = code ?? 1;
if (signal) exitCode = 1;
if (!existsSync(resultsFile)) {
  console.log('0 passed, 0 failed');
  console.error(`npm test: jest wrote no results to ${path.relative(root, resultsFile)}`);
  process.exit(exitCode === 0 ? 1 : exitCode);
}

const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
const passed = results.numPassedTests ?? 0;
const failed = results.numFailedTests ?? 0;
const skipped = results.numPendingTests ?? 0;
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
if (failed > 0 && exitCode === 0) exitCode = 1;
process.exit(exitCode);
