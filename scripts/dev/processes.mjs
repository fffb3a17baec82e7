// Child processes of the dev stack: prefixed, coloured output, unexpected-exit reporting, and an
// orderly stop (a polite signal, then a forceful one after a grace period).
import { spawn } from 'node:child_process';
import readline from 'node:readline';

const useColor = process.env.FORCE_COLOR
  ? process.env.FORCE_COLOR !== '0'
  : Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const palette = [36, 33, 35, 32, 34, 91, 96, 93, 95];
let nextColor = 0;

export const paint = (code, text) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);
export const bold = (text) => paint(1, text);
export const dim = (text) => paint(2, text);
export const red = (text) => paint(31, text);

let prefixWidth = 8;
/** Aligns every prefix to the longest name that will be shown. */
export function setPrefixWidth(names) {
  prefixWidth = Math.max(...names.map((name) => name.length));
}

function pipeLines(stream, prefix, target) {
  if (!stream) return;
  readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    target.write(`${prefix} ${line}\n`);
  });
}

/**
 * Starts a managed process in its own process group (`detached`), so a terminal's Ctrl-C reaches only
 * this script, which then stops everything in order. `onUnexpectedExit` fires when it exits on its own.
 */
export function launch(
  name,
  command,
  args,
  { env, cwd, uid, gid, stopSignal = 'SIGTERM', forceSignal = 'SIGKILL', onUnexpectedExit },
) {
  const color = palette[nextColor++ % palette.length];
  const prefix = paint(color, `[${name}]`.padEnd(prefixWidth + 2));
  const ids = uid === undefined ? {} : { uid, gid };
  const child = spawn(command, args, { env, cwd, ...ids, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  pipeLines(child.stdout, prefix, process.stdout);
  pipeLines(child.stderr, prefix, process.stderr);

  const managed = { name, child, stopSignal, forceSignal, stopping: false, running: true };
  managed.exited = new Promise((resolve) => {
    child.once('error', (error) => {
      managed.running = false;
      if (!managed.stopping) onUnexpectedExit?.(managed, `could not start: ${error.message}`);
      resolve();
    });
    child.once('exit', (code, signal) => {
      managed.running = false;
      if (!managed.stopping)
        onUnexpectedExit?.(managed, signal ? `killed by ${signal}` : `exited with code ${code}`);
      resolve();
    });
  });
  return managed;
}

/** Sends the stop signal, waits up to `graceMs`, then the force signal; resolves once it has exited. */
export async function stopProcess(managed, graceMs = 10_000) {
  managed.stopping = true;
  if (!managed.running) return;
  managed.child.kill(managed.stopSignal);
  let timer;
  const forced = new Promise((resolve) => {
    timer = setTimeout(() => {
      if (managed.running) {
        console.error(
          red(`[${managed.name}] still running after ${graceMs / 1000} s; sending ${managed.forceSignal}`),
        );
        managed.child.kill(managed.forceSignal);
      }
      resolve();
    }, graceMs);
  });
  await Promise.race([managed.exited, forced]);
  clearTimeout(timer);
  await managed.exited;
}

/** Runs a command to completion with inherited output; rejects when it fails. */
export function run(command, args, { env, cwd, label, track }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: 'inherit' });
    track?.add(child);
    child.once('error', (error) => {
      track?.delete(child);
      reject(new Error(`${label}: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      track?.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`${label} failed (${signal ? `signal ${signal}` : `exit code ${code}`})`));
    });
  });
}
