import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printFigures } from './figures.mjs';
import { root } from './stack.mjs';

export const resultsDirectory = path.join(root, '.bench-results');

/**
 * The machine figures come from. The load average says how busy it was (other work on the same cores
 * makes figures noisy): [1, 5, 15] minutes, in runnable processes.
 */
export function machineInfo() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: os.loadavg().map((value) => +value.toFixed(2)),
  };
}

/** Writes JSON to .bench-results/<name>.json; returns the path. */
export function writeJson(name, content) {
  mkdirSync(resultsDirectory, { recursive: true });
  const file = path.join(resultsDirectory, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
  return file;
}

/**
 * Writes a scenario's figures, with the machine they came from, to .bench-results/<scenario>.json:
 * `{ scenario, measuredAt, machine, results }`, where `results` is `{ figures, ...details }` and
 * `figures` a list of `figure(...)` results. Prints the figures as a table too.
 */
export function writeResults(scenario, results) {
  if (!Array.isArray(results?.figures))
    throw new Error(`${scenario}: results.figures must be a list of figures`);
  const file = writeJson(scenario, {
    scenario,
    measuredAt: new Date().toISOString(),
    machine: machineInfo(),
    results,
  });
  console.log();
  printFigures(results.figures);
  console.log(`figures written to ${path.relative(root, file)}`);
}
