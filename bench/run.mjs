#!/usr/bin/env node
// `npm run bench [-- <scenario>]`: runs every benchmark scenario, or the one named. Each scenario is a
// separate process so one's load never skews another's figures.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const scenarios = {
  'incident-queries': 'incident-queries.mjs',
  'gateway-overhead': 'gateway-overhead.mjs',
  'subscription-fanout': 'subscription-fanout.mjs',
  'notification-webhooks': 'notification-webhooks.mjs',
  'analytics-scale': 'analytics-scale.mjs',
};
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in scenarios));
if (unknown.length > 0) {
  console.error(`unknown scenario: ${unknown.join(', ')}; known: ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(scenarios)) {
  console.log(`\n== ${name}`);
  const result = spawnSync(process.execPath, [path.join(here, scenarios[name])], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
