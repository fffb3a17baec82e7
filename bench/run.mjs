#!/usr/bin/env node
// `npm run bench [-- <scenario>...]`: runs every benchmark scenario, or those named. Each scenario is a
// separate process so one's load never skews another's figures; each writes
// .bench-results/<scenario>.json (bench/lib/results.mjs). At the end: one table of every figure (median,
// spread over the measured rounds, target and whether it was met) and .bench-results/summary.json.
// A scenario that crashes (or writes no figures) is reported as failed and makes the run exit non-zero;
// the others still run. A missed target is shown in the table and counted, but is not a failure.
//
//   BENCH_SCENARIO_TIMEOUT=600   seconds one scenario may take before it is stopped (and failed)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { figureRows, printTable } from './lib/figures.mjs';
import { machineInfo, resultsDirectory, writeJson } from './lib/results.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
/** In the order they run: the issue's scenarios 1-6, then the per-service ones. */
const scenarios = {
  'gateway-overhead': 'gateway-overhead.mjs',
  'cross-subgraph-reads': 'cross-subgraph-reads.mjs',
  'write-path': 'write-path.mjs',
  'alert-storm': 'alert-storm.mjs',
  'subscription-fanout': 'subscription-fanout.mjs',
  'analytics-scale': 'analytics-scale.mjs',
  'incident-queries': 'incident-queries.mjs',
  'notification-webhooks': 'notification-webhooks.mjs',
};
const budgetSeconds = 15 * 60;
const timeoutSeconds = Number(process.env.BENCH_SCENARIO_TIMEOUT ?? 600);
let interrupted = false;

/** Whether any process of the group is still alive. */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs one scenario file as its own process, in its own process group, so that stopping it (timeout,
 * Ctrl-C) also stops what it started (the gateway process, load generators): SIGTERM first, SIGKILL to
 * whatever of the group is left 10 s later. A scenario stopped that way cannot clean up: its
 * `mim_bench_*` databases and `BENCH_*` streams are left behind (the run says so).
 */
function runScenario(file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { stdio: 'inherit', detached: true });
    let timedOut = false;
    let signalled = false;
    const kill = (signal) => {
      signalled = true;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\nstopping the scenario after ${timeoutSeconds} s`);
      kill('SIGTERM');
    }, timeoutSeconds * 1000);
    // Ctrl-C reaches this process only (the scenario has its own group): pass it on, then stop.
    const interrupt = () => {
      interrupted = true;
      kill('SIGINT');
    };
    process.on('SIGINT', interrupt);
    process.on('SIGTERM', interrupt);
    child.on('error', (error) => console.error(error));
    child.on('close', async (code, signal) => {
      clearTimeout(timer);
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
      if (signalled) {
        for (let waited = 0; waited < 10_000 && groupAlive(child.pid); waited += 250)
          await new Promise((done) => setTimeout(done, 250));
        if (groupAlive(child.pid)) kill('SIGKILL');
        console.error('the scenario was stopped: its mim_bench_* databases and BENCH_* streams may be left');
      }
      resolve({ code, signal, timedOut });
    });
  });
}

/** The scenario's results file, if this run wrote it (an older file from an earlier run does not count). */
function readResults(name, since) {
  const file = path.join(resultsDirectory, `${name}.json`);
  if (!existsSync(file)) return null;
  try {
    const content = JSON.parse(readFileSync(file, 'utf8'));
    if (Date.parse(content.measuredAt) < since) return null;
    return content;
  } catch (error) {
    console.error(`${name}: unreadable results file: ${error.message}`);
    return null;
  }
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in scenarios));
  if (unknown.length > 0) {
    console.error(`unknown scenario: ${unknown.join(', ')}; known: ${Object.keys(scenarios).join(', ')}`);
    process.exit(2);
  }
  const startedAt = new Date();
  const machineAtStart = machineInfo();
  const outcomes = [];
  for (const name of wanted.length > 0 ? wanted : Object.keys(scenarios)) {
    if (interrupted) {
      outcomes.push({ scenario: name, status: 'not run (interrupted)', durationSeconds: 0, figures: [] });
      continue;
    }
    const file = path.join(here, scenarios[name]);
    if (!existsSync(file)) {
      console.log(`\n== ${name}: not available (no ${path.relative(process.cwd(), file)})`);
      outcomes.push({ scenario: name, status: 'not available', durationSeconds: 0, figures: [] });
      continue;
    }
    console.log(`\n== ${name}`);
    const started = Date.now();
    const { code, signal, timedOut } = await runScenario(file);
    const durationSeconds = +((Date.now() - started) / 1000).toFixed(1);
    const content = readResults(name, started);
    const figures = content?.results?.figures ?? [];
    let status = 'ok';
    let reason;
    if (timedOut) [status, reason] = ['failed', `stopped after ${timeoutSeconds} s`];
    else if (code !== 0) [status, reason] = ['failed', signal ? `killed by ${signal}` : `exit code ${code}`];
    else if (!content) [status, reason] = ['failed', 'wrote no results'];
    else if (figures.length === 0) [status, reason] = ['failed', 'reported no figures'];
    console.log(`== ${name}: ${status}${reason ? ` (${reason})` : ''} in ${durationSeconds} s`);
    outcomes.push({
      scenario: name,
      status,
      ...(reason ? { reason } : {}),
      durationSeconds,
      resultsFile: content ? path.join(path.basename(resultsDirectory), `${name}.json`) : null,
      machine: content?.machine,
      figures,
    });
  }
  const endedAt = new Date();
  const durationSeconds = +((endedAt.getTime() - startedAt.getTime()) / 1000).toFixed(1);

  const rows = [];
  for (const outcome of outcomes) {
    if (outcome.figures.length > 0) rows.push(...figureRows(outcome.figures, { scenario: outcome.scenario }));
    if (outcome.status !== 'ok') {
      const what = outcome.status === 'failed' ? `FAILED: ${outcome.reason}` : outcome.status;
      rows.push({ scenario: outcome.scenario, figure: what, met: outcome.status === 'failed' ? 'NO' : '' });
    }
  }
  const figures = outcomes.flatMap((outcome) =>
    outcome.figures.map((entry) => ({ ...entry, name: `${outcome.scenario}: ${entry.name}` })),
  );
  const missed = figures.filter((entry) => entry.target !== undefined && !entry.met);
  const failed = outcomes.filter((outcome) => outcome.status === 'failed');

  console.log(`\n== summary (median and spread min..max over the measured rounds)\n`);
  if (rows.length > 0) printTable(rows, ['scenario', 'figure', 'median', 'spread', 'unit', 'target', 'met']);
  console.log();
  printTable(
    outcomes.map((outcome) => ({
      scenario: outcome.scenario,
      status: outcome.status,
      duration: `${outcome.durationSeconds} s`,
    })),
  );
  const withTargets = figures.filter((entry) => entry.target !== undefined).length;
  console.log(
    `\ntargets met: ${withTargets - missed.length} of ${withTargets}${missed.length > 0 ? ` (MISSED: ${missed.map((entry) => entry.name).join('; ')})` : ''}`,
  );
  if (failed.length > 0)
    console.log(`FAILED scenarios: ${failed.map((outcome) => outcome.scenario).join(', ')}`);
  const minutes = `${Math.floor(durationSeconds / 60)} min ${Math.round(durationSeconds % 60)} s`;
  console.log(
    `total duration: ${minutes}${durationSeconds > budgetSeconds ? ` (OVER the ${budgetSeconds / 60} min budget)` : ''}`,
  );
  const file = writeJson('summary', {
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    durationSeconds,
    budgetSeconds,
    machine: (({ loadAverage, ...machine }) => ({
      ...machine,
      loadAverageAtStart: loadAverage,
      loadAverageAtEnd: machineInfo().loadAverage,
    }))(machineAtStart),
    targets: {
      total: withTargets,
      met: withTargets - missed.length,
      missed: missed.map((entry) => entry.name),
    },
    failed: failed.map((outcome) => outcome.scenario),
    scenarios: outcomes,
  });
  console.log(`summary written to ${path.relative(process.cwd(), file)}`);
  if (failed.length > 0 || interrupted) process.exitCode = 1;
}

await main();
