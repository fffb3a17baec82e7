// Local NATS with JetStream for `npm start`, from the `nats-server` binary on this machine.
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { launch } from './processes.mjs';
import { tcpAnswers, waitFor } from './net.mjs';

export const natsPort = 14222;

/** `nats-server` on PATH or in the sbin directories Debian installs it to; null when absent. */
export function findNatsServer() {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    const candidate = path.join(dir, 'nats-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export async function startNats({ binary, dataDir, onUnexpectedExit }) {
  const storeDir = path.join(dataDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const managed = launch(
    'nats',
    binary,
    ['-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(natsPort)],
    {
      env: process.env,
      onUnexpectedExit,
    },
  );
  const up = await waitFor(() => !managed.running || tcpAnswers('127.0.0.1', natsPort), {
    timeoutMs: 15_000,
  });
  if (!up || !managed.running) throw new Error(`NATS did not start on 127.0.0.1:${natsPort}`);
  return { managed, url: `nats://127.0.0.1:${natsPort}` };
}
