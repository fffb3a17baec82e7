import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A message the sink accepted, as its parser (mailparser) read it. */
export interface SinkMessage {
  envelope: { from: string | null; to: string[] };
  /** `<id@domain>` as sent. */
  messageId: string | null;
  subject: string | null;
  text: string | null;
  html: string | null;
  /** Every header, names in lower case, values unfolded. */
  headers: Record<string, string>;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`: what SMTP_URL is set to. */
  url: string;
  port: number;
  /** The messages accepted so far, oldest first. */
  messages(): SinkMessage[];
  /** How many messages were refused (by `failNext`) so far. */
  refusedCount(): number;
  /** Resolves with the messages once at least `count` were accepted; rejects after `timeoutMs`. */
  waitForMessages(count: number, timeoutMs?: number): Promise<SinkMessage[]>;
  /** Refuses the next `count` messages with `code` (451: try again later; 550: refused for good). */
  failNext(count: number, code?: number): Promise<void>;
  /** Stops the server process. */
  stop(): Promise<void>;
}

type SinkEvent =
  | { type: 'listening'; port: number }
  | ({ type: 'message' } & SinkMessage)
  | { type: 'refused'; code: number }
  | { type: 'ack'; id: number };

/** The server script, next to this file in src (jest) and in dist (the build copies .cjs files). */
const scriptPath = join(__dirname, 'smtp-sink.process.cjs');

/**
 * A real SMTP server (the `smtp-server` package) in a separate OS process on 127.0.0.1, port chosen by
 * the OS: the service under test talks SMTP to it over TCP exactly as to a mail relay. Each accepted
 * message is parsed (`mailparser`) and reported back; `failNext` makes it refuse the next ones.
 */
export async function startSmtpSink(options: { startTimeoutMs?: number } = {}): Promise<SmtpSink> {
  const child = spawn(process.execPath, [scriptPath], { stdio: ['pipe', 'pipe', 'pipe'] });
  const messages: SinkMessage[] = [];
  let refused = 0;
  const waiters = new Set<() => void>();
  const acks = new Map<number, () => void>();
  let nextAckId = 1;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`the SMTP sink did not start within ${options.startTimeoutMs ?? 10_000} ms`)),
      options.startTimeoutMs ?? 10_000,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('error', fail);
    child.once('exit', (code) =>
      fail(new Error(`the SMTP sink exited (${code}) before listening: ${stderr}`)),
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      const event = parseEvent(line);
      if (!event) return;
      switch (event.type) {
        case 'listening':
          clearTimeout(timer);
          resolve(event.port);
          break;
        case 'message': {
          const { type: _type, ...message } = event;
          messages.push(message);
          for (const waiter of waiters) waiter();
          break;
        }
        case 'refused':
          refused += 1;
          break;
        case 'ack':
          acks.get(event.id)?.();
          acks.delete(event.id);
          break;
      }
    });
  });
  child.removeAllListeners('exit');
  child.removeAllListeners('error');

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages: () => [...messages],
    refusedCount: () => refused,
    waitForMessages(count, timeoutMs = 10_000) {
      return new Promise<SinkMessage[]>((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve([...messages]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`the SMTP sink got ${messages.length} messages within ${timeoutMs} ms, not ${count}`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    failNext(count, code = 451) {
      const id = nextAckId++;
      return new Promise<void>((resolve) => {
        acks.set(id, resolve);
        child.stdin.write(`${JSON.stringify({ type: 'failNext', count, code, id })}\n`);
      });
    },
    stop: () => stopProcess(child),
  };
}

function parseEvent(line: string): SinkEvent | null {
  try {
    return JSON.parse(line) as SinkEvent;
  } catch {
    return null;
  }
}

async function stopProcess(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
