import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface GatewayProcess {
  url: string;
  stop(): Promise<void>;
}

const gatewayMain = path.resolve(__dirname, '..', '..', 'gateway', 'dist', 'main.js');

/**
 * Another gateway replica as its own operating-system process (the built gateway, `node dist/main.js`),
 * configured like the in-process one: same subgraphs, same event stream. Resolves once it listens.
 */
export async function startGatewayProcess(environment: Record<string, string>): Promise<GatewayProcess> {
  if (!existsSync(gatewayMain)) {
    throw new Error(`${gatewayMain} is missing: build first (npm run build; npm test does it)`);
  }
  const child: ChildProcess = spawn(process.execPath, [gatewayMain], {
    env: { PATH: process.env.PATH ?? '', ...environment, PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`gateway process did not start:\n${output.join('')}`)),
      20_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway process exited with ${code}:\n${output.join('')}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      try {
        const record = JSON.parse(line) as { msg?: string; url?: string };
        if (record.msg === 'gateway listening' && record.url) {
          clearTimeout(timer);
          resolve(record.url);
        }
      } catch {
        // not a JSON log line
      }
    });
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
