#!/usr/bin/env node
// Benchmark: an alert storm (issue 9, scenario 4). ALERTS_PER_SECOND (1,000) Alertmanager alerts per
// second for DURATION (30) s across 50 fingerprints, posted to the incident service's Alertmanager intake:
// exactly 50 incidents must result, and the intake's latency (p50/p99) and throughput are reported.
//
// The path. `POST /intake/alertmanager` on the incident service's own port, with
// `Authorization: Bearer <secret>` (what Alertmanager's `http_config.authorization` sends): that is the
// production path (README, "Monitoring and email intake"); the gateway serves GraphQL only and does not
// carry intake. The incident service runs alone in this process (built output, fresh database
// mim_bench_incident_<id>, private stream, intake on with a random bearer secret): nothing else is on
// the intake's path, and the benchmark's stack (bench/lib/stack.mjs) has no way to turn intake on.
//
// The payload. Alertmanager sends one webhook (payload version 4) per alert group, carrying the group's
// alerts. Here the 50 fingerprints are 50 / ALERTS_PER_POST groups (grouped by alertname and service) of
// ALERTS_PER_POST (10) firing alerts, one per instance; each POST is one group's notification, the groups
// in turn, at ALERTS_PER_SECOND / ALERTS_PER_POST (100) POSTs per second. Each alert carries its
// fingerprint (as Alertmanager 0.19+ does: a hash of its label set).
//
// The load. bench/clients/alert-storm-client.mjs, its own process: a fixed-rate open loop over keep-alive
// connections (at most CONNECTIONS), latency measured from when each request was due (no coordinated
// omission), every answer read. autocannon is not used here: from the command line it sends one body,
// and it reaches a rate by bursts at the start of each second.
//
// Rounds. A round is one storm on fresh fingerprints (a `storm` label unique to the round), so each round
// must open exactly 50 new incidents. One WARMUP-second storm (checked, not measured), then ROUNDS (1)
// measured storms of DURATION s: about 40 s in all, within the scenario's one-minute budget.
//
// Checks of each storm, from the incident database: MONITORING incidents created (target exactly 50);
// the storm's alert groups (50, each OPEN with its own incident); the occurrences they recorded against
// the alerts the intake accepted (every accepted alert counted once: not lost, not counted twice); and
// the intake's own answers (INCIDENT_CREATED outcomes, target 50 too).
//
//   npm run bench -- alert-storm   (ALERTS_PER_SECOND=1000 ALERTS_PER_POST=10 DURATION=30 WARMUP=5
//                                   WARMUPS=1 ROUNDS=1 CONNECTIONS=64)
import { fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { atLeast, exactly, figure, roundSettings } from './lib/figures.mjs';
import { writeResults } from './lib/results.mjs';
import { isolatedEnvironment, root } from './lib/stack.mjs';

const require = createRequire(import.meta.url);
require('reflect-metadata');
const { startService } = require(path.join(root, 'packages/service-kit/dist/index.js'));
const { incidentService, readEnv } = require(path.join(root, 'services/incident/dist/index.js'));

const fingerprints = 50;
const alertsPerSecond = Number(process.env.ALERTS_PER_SECOND ?? 1000);
const alertsPerPost = Number(process.env.ALERTS_PER_POST ?? 10);
const duration = Number(process.env.DURATION ?? 30);
const warmup = Number(process.env.WARMUP ?? 5);
const connections = Number(process.env.CONNECTIONS ?? 64);
const { warmups, count: rounds } = roundSettings({ warmups: 1, count: 1 });
const postsPerSecond = alertsPerSecond / alertsPerPost;
if (fingerprints % alertsPerPost !== 0) throw new Error(`ALERTS_PER_POST must divide ${fingerprints}`);

/** The alert rules of the storm: one group each (alertname x service), instances 1..ALERTS_PER_POST. */
const rules = [
  ['CheckoutHighErrorRate', 'checkout', 'critical', 'Checkout returns HTTP 502'],
  ['PaymentsLatencyHigh', 'payments', 'warning', 'Payments p99 latency above 2 s'],
  ['SearchPodCrashLooping', 'search', 'critical', 'Search pods are crash-looping'],
  ['EmailQueueBacklog', 'email', 'warning', 'Outgoing email queue is growing'],
  ['DatabaseDiskFilling', 'database', 'critical', 'Database disk will be full within 4 h'],
];

/** Alertmanager's fingerprint is a hash of the label set; any stable hash of it serves here. */
function fingerprintOf(labels) {
  const canonical = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** The webhook bodies of one storm: one per group, fresh fingerprints (the `storm` label). */
function stormBodies(storm) {
  const startsAt = new Date().toISOString();
  const groups = fingerprints / alertsPerPost;
  const bodies = [];
  const all = [];
  for (let group = 0; group < groups; group += 1) {
    const [rule, service, severity, summary] = rules[group % rules.length];
    const alertname = group < rules.length ? rule : `${rule}${Math.floor(group / rules.length) + 1}`;
    const alerts = [];
    for (let instance = 1; instance <= alertsPerPost; instance += 1) {
      const labels = {
        alertname,
        instance: `${service}-${instance}:9100`,
        job: service,
        service,
        severity,
        storm,
      };
      const fingerprint = fingerprintOf(labels);
      all.push(fingerprint);
      alerts.push({
        status: 'firing',
        labels,
        annotations: {
          summary,
          description: `${summary} on ${labels.instance}.`,
          runbook_url: `https://runbooks.example.org/${service}/${alertname}`,
        },
        startsAt,
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: `http://prometheus.example.org:9090/graph?g0.expr=${alertname}`,
        fingerprint,
      });
    }
    const groupLabels = { alertname, service };
    bodies.push(
      JSON.stringify({
        version: '4',
        receiver: 'mim',
        status: 'firing',
        alerts,
        groupLabels,
        commonLabels: { alertname, job: service, service, severity, storm },
        commonAnnotations: { summary },
        externalURL: 'http://alertmanager.example.org:9093',
        groupKey: `{}:{alertname="${alertname}", service="${service}"}`,
        truncatedAlerts: 0,
      }),
    );
  }
  return { bodies, fingerprints: all };
}

function ask(child, message, answer) {
  return new Promise((resolve, reject) => {
    const listener = (reply) => {
      if (reply.type === answer || reply.type === 'error') {
        child.off('message', listener);
        if (reply.type === 'error') reject(new Error(`load generator: ${reply.message}`));
        else resolve(reply);
      }
    };
    child.on('message', listener);
    child.send(message);
  });
}

async function monitoringIncidents(db) {
  const [row] = await db.query(`SELECT count(*)::int AS n FROM incident WHERE channel = 'MONITORING'`);
  return row.n;
}

/** One storm on fresh fingerprints, then its checks. */
async function storm({ client, service, secret, seconds, label }) {
  const db = service.deps.dataSource;
  const { bodies, fingerprints: stormFingerprints } = stormBodies(
    `${label}-${randomBytes(3).toString('hex')}`,
  );
  const before = await monitoringIncidents(db);
  const load = await ask(
    client,
    {
      type: 'run',
      url: new URL('/intake/alertmanager', service.url).toString(),
      headers: { authorization: `Bearer ${secret}` },
      bodies,
      rate: postsPerSecond,
      seconds,
      connections,
    },
    'result',
  );
  // Every request has been answered: whatever the intake accepted is committed.
  const created = (await monitoringIncidents(db)) - before;
  const [groups] = await db.query(
    `SELECT count(*)::int AS groups,
            count(*) FILTER (WHERE status = 'OPEN')::int AS open,
            count(DISTINCT incident_id)::int AS incidents,
            coalesce(sum(occurrences), 0)::int AS occurrences
     FROM monitoring_alert_group WHERE fingerprint = ANY($1::text[])`,
    [stormFingerprints],
  );
  const accepted = load.statuses[202] ?? 0;
  const failed = load.requests - accepted;
  const alertsAccepted = accepted * alertsPerPost;
  return {
    ...load,
    created,
    groups,
    alertsSent: load.requests * alertsPerPost,
    alertsAccepted,
    failed,
    /** Recorded occurrences minus accepted alerts: > 0 counted twice (or a failed POST half applied), < 0 lost. */
    occurrenceMismatch: groups.occurrences - alertsAccepted,
    alertsPerSecond: alertsAccepted / load.elapsedSeconds,
  };
}

async function main() {
  const environment = isolatedEnvironment();
  const secret = randomBytes(32).toString('hex');
  const databaseUrl = await environment.createDatabase('incident');

  let service = null;
  let client = null;
  const cleanUp = async () => {
    client?.kill();
    await service?.stop().catch(() => undefined);
    service = null;
    await environment.cleanUp();
  };
  const stopOnSignal = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    service = await startService(
      incidentService,
      readEnv({ ...environment.common, DATABASE_URL: databaseUrl, INTAKE_BEARER_SECRETS: secret }),
    );
    client = fork(path.join(root, 'bench/clients/alert-storm-client.mjs'));
    await new Promise((resolve) => client.once('message', resolve));

    const warmupRounds = [];
    for (let index = 0; index < warmups; index += 1) {
      console.log(`warm-up storm: ${warmup} s`);
      warmupRounds.push(await storm({ client, service, secret, seconds: warmup, label: `warmup${index}` }));
    }
    const measured = [];
    for (let index = 0; index < rounds; index += 1) {
      console.log(
        `storm ${index + 1}/${rounds}: ${alertsPerSecond} alerts/s (${postsPerSecond} POST/s of ${alertsPerPost} alerts) for ${duration} s, ${fingerprints} fingerprints`,
      );
      const result = await storm({ client, service, secret, seconds: duration, label: `storm${index}` });
      measured.push(result);
      console.log(
        `storm ${index + 1}: ${result.created} incidents, ${result.alertsAccepted}/${result.alertsSent} alerts accepted (${Math.round(result.alertsPerSecond)}/s), ${result.groups.occurrences} occurrences recorded; POST p50 ${result.latencyMs.p50} ms p99 ${result.latencyMs.p99} ms; statuses ${JSON.stringify(result.statuses)}, errors ${result.errors}, outcomes ${JSON.stringify(result.outcomes)}`,
      );
    }
    for (const [index, result] of warmupRounds.entries()) {
      if (result.created !== fingerprints || result.failed > 0 || result.occurrenceMismatch !== 0)
        console.log(
          `WARM-UP STORM ${index + 1} WAS WRONG: ${result.created} incidents, ${result.failed} failed POSTs, occurrence mismatch ${result.occurrenceMismatch}`,
        );
    }

    const values = (pick) => measured.map(pick);
    const figures = [
      figure(
        'incidents created per storm',
        'count',
        values((r) => r.created),
        exactly(fingerprints),
      ),
      figure(
        'INCIDENT_CREATED answers per storm',
        'count',
        values((r) => r.outcomes.INCIDENT_CREATED ?? 0),
        exactly(fingerprints),
      ),
      figure(
        'intake POST p50 (from due time)',
        'ms',
        values((r) => r.latencyMs.p50),
      ),
      figure(
        'intake POST p99 (from due time)',
        'ms',
        values((r) => r.latencyMs.p99),
      ),
      figure(
        'intake POST max',
        'ms',
        values((r) => r.latencyMs.max),
      ),
      figure(
        'alerts accepted per second (to the last answer)',
        'alerts/s',
        values((r) => r.alertsPerSecond),
        atLeast(Math.round(alertsPerSecond * 0.98), 'alerts/s', `the asked ${alertsPerSecond} within 2%: `),
      ),
      figure(
        'failed POSTs (not 202, or no answer)',
        'count',
        values((r) => r.failed),
        exactly(0),
      ),
      figure(
        'occurrences recorded - alerts accepted',
        'count',
        values((r) => r.occurrenceMismatch),
        exactly(0),
      ),
    ];
    writeResults('alert-storm', {
      figures,
      path: 'POST /intake/alertmanager on the incident service (bearer), not through the gateway',
      alertsPerSecond,
      alertsPerPost,
      postsPerSecond,
      fingerprints,
      durationSeconds: duration,
      warmupSeconds: warmup,
      connections,
      warmupRounds,
      rounds: measured,
    });
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await cleanUp();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
