import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './stack.mjs';

/** Writes a scenario's figures, with the machine they came from, to .bench-results/<scenario>.json. */
export function writeResults(scenario, results) {
  const directory = path.join(root, '.bench-results');
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${scenario}.json`);
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
  writeFileSync(
    file,
    `${JSON.stringify({ scenario, measuredAt: new Date().toISOString(), machine, results }, null, 2)}\n`,
  );
  console.log(`figures written to ${path.relative(root, file)}`);
}
