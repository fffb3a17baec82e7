// Small network probes shared by the dev stack.
import net from 'node:net';

/** Resolves true when something accepts a TCP connection on host:port within the timeout. */
export function tcpAnswers(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answered) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** GET a URL; resolves `{ ok, status }` or `{ ok: false, status: '<error code>' }`, never rejects. */
export async function probe(url, timeoutMs = 2000) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return { ok: response.status === 200, status: String(response.status) };
  } catch (error) {
    return { ok: false, status: error?.cause?.code ?? error?.name ?? 'error' };
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true or the timeout passes; returns whether it succeeded. */
export async function waitFor(check, { timeoutMs, intervalMs = 250 }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}
