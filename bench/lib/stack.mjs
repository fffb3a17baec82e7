// The platform for benchmarks: five services in this process (built output, fresh databases, a private
// event stream) and the gateway as its own process (`node gateway/dist/main.js`), so load generators and
// memory figures see the gateway alone. Everything is removed at the end.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
require('reflect-metadata');
const { Client } = require('pg');
const { connect } = require('@nats-io/transport-node');
const { jetstreamManager } = require('@nats-io/jetstream');
const { startService } = require(path.join(root, 'packages/service-kit/dist/index.js'));
const { signDevelopmentToken } = require(path.join(root, 'packages/auth/dist/index.js'));

const serviceModules = {
  incident: ['services/incident/dist/index.js', 'incidentService'],
  problem: ['services/problem/dist/index.js', 'problemService'],
  change: ['services/change/dist/index.js', 'changeService'],
  notification: ['services/notification/dist/index.js', 'notificationService'],
  analytics: ['services/analytics/dist/index.js', 'analyticsService'],
};

export const adminUrl = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

export async function admin(sql) {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * What one benchmark run keeps to itself: a run `id`, auth settings, a private event stream and subject
 * prefix (`events`), the environment every service shares (`common`, all but DATABASE_URL), fresh
 * databases `mim_bench_<service>_<id>` (`createDatabase(service)` resolves with the URL), and `cleanUp()`,
 * which drops those databases and deletes the stream and its DLQ (stop the services first).
 */
export function isolatedEnvironment() {
  const id = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const auth = { secret: randomBytes(32).toString('hex'), issuer: 'https://bench.mim/', audience: 'mim-api' };
  const events = { EVENTS_STREAM: `BENCH_${id.toUpperCase()}`, EVENTS_SUBJECT_PREFIX: `bench.${id}` };
  const common = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    NATS_URL: natsUrl,
    ...events,
    AUTH_JWT_SECRET: auth.secret,
    AUTH_ISSUER: auth.issuer,
    AUTH_AUDIENCE: auth.audience,
  };
  const databases = [];
  return {
    id,
    auth,
    events,
    common,
    async createDatabase(service) {
      const database = `mim_bench_${service}_${id}`;
      await admin(`CREATE DATABASE "${database}"`);
      databases.push(database);
      const url = new URL(adminUrl);
      url.pathname = `/${database}`;
      return url.toString();
    },
    async cleanUp() {
      for (const database of databases.splice(0))
        await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      const nats = await connect({ servers: natsUrl });
      const jsm = await jetstreamManager(nats);
      for (const stream of [events.EVENTS_STREAM, `${events.EVENTS_STREAM}_DLQ`])
        await jsm.streams.delete(stream).catch(() => undefined);
      await nats.close();
    },
  };
}

/** Starts the stack; `gatewayEnv` adds to (or overrides) the gateway process's environment. */
export async function startBenchStack({ gatewayEnv = {} } = {}) {
  const environment = isolatedEnvironment();
  const services = {};
  const stopAll = async (gateway) => {
    await gateway?.stop();
    for (const service of Object.values(services)) await service.stop().catch(() => undefined);
    await environment.cleanUp();
  };
  let gateway = null;
  try {
    for (const [name, [file, exported]] of Object.entries(serviceModules)) {
      const databaseUrl = await environment.createDatabase(name);
      const module = require(path.join(root, file));
      services[name] = await startService(
        module[exported],
        module.readEnv({ ...environment.common, DATABASE_URL: databaseUrl }),
      );
    }
    gateway = await startGatewayProcess({
      ...environment.common,
      SUBGRAPH_INCIDENT_URL: services.incident.url,
      SUBGRAPH_PROBLEM_URL: services.problem.url,
      SUBGRAPH_CHANGE_URL: services.change.url,
      SUBGRAPH_NOTIFICATION_URL: services.notification.url,
      SUBGRAPH_ANALYTICS_URL: services.analytics.url,
      MUTATION_RATE_LIMIT_POINTS: '1000000',
      ...gatewayEnv,
    });
  } catch (error) {
    await stopAll(gateway);
    throw error;
  }
  return {
    auth: environment.auth,
    services,
    gateway,
    token: (subject, roles) => signDevelopmentToken({ subject, roles, name: subject }, environment.auth),
    stop: () => stopAll(gateway),
  };
}

/** The built gateway in its own process; resolves with its URL and pid once it listens. */
export function startGatewayProcess(environment) {
  // GATEWAY_NODE_ARGS: extra node flags for the gateway, e.g. `--cpu-prof` to see where its time goes.
  const nodeArgs = (process.env.GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'gateway/dist/main.js')], {
    env: { PATH: process.env.PATH ?? '', ...environment, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the gateway exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const record = JSON.parse(line);
        if (record.msg === 'gateway listening') {
          resolve({
            url: record.url,
            pid: child.pid,
            stop: () =>
              new Promise((done) => {
                if (child.exitCode !== null) return done();
                child.once('exit', () => done());
                child.kill('SIGTERM');
              }),
          });
        }
      } catch {
        // not a JSON log line
      }
    });
  });
}

/** One GraphQL call over HTTP; throws on errors. */
export async function graphql(url, token, query, variables = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** Reads a numeric sample from a Prometheus text exposition. */
export async function metricValue(metricsUrl, name) {
  const text = await (await fetch(metricsUrl)).text();
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name} `) || candidate.startsWith(`${name}{`));
  return line ? Number(line.split(' ').at(-1)) : NaN;
}
