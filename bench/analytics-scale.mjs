#!/usr/bin/env node
// Benchmark: the analytics service at scale (issue 8; measured here, never in a timed test).
// 1. A fresh database, migrated by starting the built service once; then INCIDENTS incidents spread over
//    the last 24 months, bulk-loaded straight into incident_metrics (one INSERT ... SELECT FROM
//    generate_series) with realistic distributions.
// 2. The built service, as its own process (`node services/analytics/dist/main.js`, so the load generator
//    never shares its event loop): start-up until its fact store answers for every incident.
// 3. Metrics queries over HTTP against the subgraph with an analyst token: a warm-up (5 queries per
//    shape), then ROUNDS measured rounds, each one pass of QUERIES queries per shape; each round's
//    p50/p95 (and p99) per shape. Target: monthly over 24 months grouped by SERVICE under 100 ms at p95.
// 4. Ingest, in rounds too (a short warm-up round, then ROUNDS rounds of fresh incidents, each under its
//    own service): incident events (created, acknowledged, resolved) published to the service's stream
//    at RATE events/s for INGEST_SECONDS; the lag from each event's occurredAt to when its effect is
//    queryable (the metrics query polled), plus the consumers' lag histograms from /metrics. Target: lag
//    under 1 s at 500 events/s; and no event lost (final counts exact).
// The bulk load and the service start are done once.
//
//   npm run bench -- analytics-scale
//     (INCIDENTS=1000000 QUERIES=30 ROUNDS=3 WARMUPS=1 RATE=500 INGEST_SECONDS=10)
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { isolatedEnvironment, natsUrl, percentile, root } from './lib/stack.mjs';
import { atLeast, below, exactly, figure, measureRounds, roundSettings } from './lib/figures.mjs';
import { writeResults } from './lib/results.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');
const { connect } = require('@nats-io/transport-node');
const { jetstream } = require('@nats-io/jetstream');
const { signDevelopmentToken } = require(path.join(root, 'packages/auth/dist/index.js'));
const { newEvent } = require(path.join(root, 'packages/messaging/dist/index.js'));
const { incidentCreatedV1, incidentStatusChangedV1 } = require(
  path.join(root, 'packages/contracts/dist/index.js'),
);

const incidents = Number(process.env.INCIDENTS ?? 1_000_000);
const queriesPerRound = Number(process.env.QUERIES ?? 30);
const rounds = roundSettings({ warmups: 1, count: 3 });
const rate = Number(process.env.RATE ?? 500);
const ingestSeconds = Number(process.env.INGEST_SECONDS ?? 10);
/** The warm-up round of ingest is shorter than a measured one. */
const ingestWarmupSeconds = Math.min(ingestSeconds, 3);
const targetQueryP95Ms = 100;
const targetLagSeconds = 1;
/** The ingested incidents: their own service (one per round) and report day, so the polled query sees only them. */
const ingestServicePrefix = 'bench-ingest';
const ingestDay = { from: '2000-01-01T00:00:00Z', to: '2000-01-02T00:00:00Z' };

/** The built service in its own process; resolves once it logs that it is ready. */
function startServiceProcess(environment) {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(root, 'services/analytics/dist/main.js')], {
    env: { PATH: process.env.PATH ?? '', ...environment, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the analytics service exited with ${code}`)));
    let url = null;
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const record = JSON.parse(line);
        if (record.url) url = record.url;
        if (record.msg === 'analytics service ready') {
          resolve({
            url,
            pid: child.pid,
            databaseUrl: environment.DATABASE_URL,
            startMs: Date.now() - started,
            stop,
          });
        }
      } catch {
        // not a JSON log line
      }
    });
  });
}

/** The bulk load: one INSERT ... SELECT over generate_series, random values drawn once per row. */
const bulkLoad = `
  INSERT INTO incident_metrics (
    incident_id, number, kind, priority, channel, affected_services, category, support_tier, team, major,
    major_declared_at, service_restored_at, first_response_breached, resolution_breached, reported_at,
    failure_started_at, acknowledged_at, resolved_at, resolution_version, status, last_aggregate_version,
    priority_version, ownership_version, last_event_at)
  SELECT gen_random_uuid(),
         'INC-' || lpad(g::text, 7, '0'),
         CASE WHEN r_kind < 0.03 THEN 'SERVICE_REQUEST' ELSE 'INCIDENT' END,
         CASE WHEN major THEN (ARRAY['P1','P2'])[1 + (r_prio < 0.6)::int]
              WHEN r_prio < 0.01 THEN 'P1' WHEN r_prio < 0.07 THEN 'P2' WHEN r_prio < 0.45 THEN 'P3'
              WHEN r_prio < 0.85 THEN 'P4' ELSE 'P5' END,
         (ARRAY['PORTAL','EMAIL','PHONE','MONITORING','CHAT','API'])[1 + floor(r_chan * r_chan * 6)::int],
         CASE WHEN r_two < 0.3
              THEN ARRAY['svc-' || lpad((1 + floor(r_svc * r_svc * 20))::text, 2, '0'),
                         'svc-' || lpad((1 + floor(r_svc2 * 20))::text, 2, '0')]
              ELSE ARRAY['svc-' || lpad((1 + floor(r_svc * r_svc * 20))::text, 2, '0')] END,
         (ARRAY['network','database','application','hardware','security','access','storage','email'])
           [1 + floor(r_cat * r_cat * 8)::int],
         CASE WHEN r_tier < 0.6 THEN 'L1' WHEN r_tier < 0.9 THEN 'L2' ELSE 'L3' END,
         'team-' || lpad((1 + floor(r_team * 10))::text, 2, '0'),
         major,
         CASE WHEN major THEN reported + interval '1 minute' * (5 + 25 * r_ack) END,
         CASE WHEN major AND resolved IS NOT NULL THEN reported + (resolved - reported) * 0.6 END,
         r_b1 < 0.05,
         r_b2 < 0.08,
         reported,
         CASE WHEN r_fail < 0.5 THEN reported - interval '1 minute' * (1 + 60 * r_fail) END,
         acknowledged,
         resolved,
         CASE WHEN resolved IS NULL THEN 0 ELSE 3 END,
         CASE WHEN r_kind > 0.99 THEN 'CANCELLED'
              WHEN resolved IS NOT NULL THEN (ARRAY['RESOLVED','CLOSED'])[1 + (resolved < now() - interval '7 days')::int]
              WHEN acknowledged IS NOT NULL THEN 'IN_PROGRESS' ELSE 'NEW' END,
         CASE WHEN resolved IS NULL THEN 2 ELSE 3 END, 1, 2,
         coalesce(resolved, acknowledged, reported)
    FROM (
      SELECT g, r_kind, r_prio, r_chan, r_two, r_svc, r_svc2, r_cat, r_tier, r_team, r_ack, r_fail, r_b1, r_b2,
             major, reported,
             CASE WHEN reported > now() - interval '2 days' AND r_ack < 0.05 THEN NULL
                  ELSE reported + interval '1 second' * (30 - ln(1 - r_ack) * 900) END AS acknowledged,
             CASE WHEN reported > now() - interval '14 days' AND r_res < 0.4 THEN NULL
                  WHEN r_res < 0.01 THEN NULL
                  ELSE reported + interval '1 second' * (600 - ln(1 - r_res) * 6 * 3600 * (1 + (r_res > 0.9)::int * 8))
             END AS resolved
        FROM (
          SELECT g, random() AS r_kind, random() AS r_prio, random() AS r_chan, random() AS r_two,
                 random() AS r_svc, random() AS r_svc2, random() AS r_cat, random() AS r_tier,
                 random() AS r_team, random() AS r_ack, random() AS r_res, random() AS r_fail,
                 random() AS r_b1, random() AS r_b2, random() < 0.015 AS major,
                 now() - interval '730 days' * random() AS reported
            FROM generate_series(1, $1) g
        ) draws
    ) facts`;

const metricsFields = `series { key { dimension value } points {
  periodStart incidents majorIncidents
  timeToAcknowledge { count mean p50 p90 p95 }
  timeToResolve { count mean p50 p90 p95 }
} }`;

/** Arguments written inline: the query then depends on no input type name. */
function metricsArgs({ from, to, groupBy, interval, services }) {
  const filter = services
    ? `, filter: { services: [${services.map((s) => JSON.stringify(s)).join(', ')}] }`
    : '';
  const grouping = groupBy ? `, groupBy: [${groupBy.join(', ')}]` : '';
  return `range: { from: "${from}", to: "${to}" }${filter}${grouping}, interval: ${interval}`;
}

async function main() {
  const isolated = isolatedEnvironment();
  const prefix = isolated.events.EVENTS_SUBJECT_PREFIX;
  const databaseUrl = await isolated.createDatabase('analytics');
  const environment = {
    ...isolated.common,
    DATABASE_URL: databaseUrl,
    // ANALYTICS_* settings of this shell reach the service (e.g. ANALYTICS_CONSUMER_CONCURRENCY=8).
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('ANALYTICS_'))),
  };
  let service = null;
  const nats = await connect({ servers: natsUrl });
  const results = { incidents, queriesPerRound, rounds: rounds.count, warmups: rounds.warmups, queries: [] };
  const figures = [];
  try {
    // 1. Migrations by the service itself, then the bulk load.
    service = await startServiceProcess(environment);
    await service.stop();
    service = null;
    const db = new Client({ connectionString: databaseUrl });
    db.on('error', () => undefined); // the database is dropped at the end, whatever happened
    await db.connect();
    const loadStarted = Date.now();
    await db.query(`SELECT setseed(0.42)`);
    await db.query(bulkLoad, [incidents]);
    await db.query('ANALYZE incident_metrics');
    results.bulkLoadSeconds = +((Date.now() - loadStarted) / 1000).toFixed(1);
    const [{ population }] = (
      await db.query(
        `SELECT count(*)::int AS population FROM incident_metrics
          WHERE kind = 'INCIDENT' AND status <> 'CANCELLED' AND reported_at >= $1 AND reported_at < $2`,
        [monthStart(-23), monthStart(1)],
      )
    ).rows;
    await db.end();
    console.log(`bulk-loaded ${incidents} incidents in ${results.bulkLoadSeconds} s`);

    // 2. The service, until its fact store answers for every incident of the 24 months.
    const token = await signDevelopmentToken(
      { subject: 'bench', roles: ['analyst'], name: 'bench' },
      isolated.auth,
    );
    const call = async (query) => {
      const response = await fetch(service.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      const body = await response.json();
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const spawned = Date.now();
    service = await startServiceProcess(environment);
    const months = { from: monthStart(-23), to: monthStart(1) };
    const totalQuery = `{ metrics(${metricsArgs({ ...months, interval: 'MONTH' })}) { series { points { incidents } } } }`;
    // Until the answer covers the population (or stops moving: a definition may differ from this SQL's).
    let answered = -1;
    let unchanged = 0;
    let queryError = null;
    while (Date.now() - spawned < 180_000 && answered !== population && unchanged < 20) {
      try {
        const data = await call(totalQuery);
        const total = data.metrics.series[0].points.reduce((sum, point) => sum + point.incidents, 0);
        unchanged = total === answered && total > 0 ? unchanged + 1 : 0;
        answered = total;
      } catch (error) {
        queryError = error;
        if (Date.now() - spawned > 20_000) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (answered < 0) console.error(`the metrics query does not answer: ${String(queryError).slice(0, 300)}`);
    results.serviceStartSeconds = +(service.startMs / 1000).toFixed(1);
    results.factStoreReadySeconds = +((Date.now() - spawned) / 1000).toFixed(1);
    results.population = { expected: population, answered };
    console.log(
      `service ready in ${results.serviceStartSeconds} s; fact store answers for all ${answered}/${population} incidents after ${results.factStoreReadySeconds} s`,
    );

    // 3. The query shapes.
    const shapes = [
      [
        '(a) monthly, 24 months, by SERVICE',
        `{ metrics(${metricsArgs({ ...months, interval: 'MONTH', groupBy: ['SERVICE'] })}) { ${metricsFields} } }`,
        true,
      ],
      [
        '(b) weekly, 6 months, by PRIORITY, 2 services',
        `{ metrics(${metricsArgs({ from: monthStart(-5), to: monthStart(1), interval: 'WEEK', groupBy: ['PRIORITY'], services: ['svc-01', 'svc-07'] })}) { ${metricsFields} } }`,
      ],
      [
        '(c) daily, 90 days, by TEAM',
        `{ metrics(${metricsArgs({ from: dayStart(-89), to: dayStart(1), interval: 'DAY', groupBy: ['TEAM'] })}) { ${metricsFields} } }`,
      ],
      [
        '(d) monthly, 24 months, ungrouped',
        `{ metrics(${metricsArgs({ ...months, interval: 'MONTH' })}) { ${metricsFields} } }`,
      ],
      [
        '(e) CSV export of (a)',
        `{ metricsCsv(${metricsArgs({ ...months, interval: 'MONTH', groupBy: ['SERVICE'] })}) }`,
      ],
    ];
    // A warm-up (5 queries per shape), then rounds: one pass of QUERIES queries per shape each.
    const sizes = {};
    const failures = {};
    for (const [name, query] of shapes) {
      try {
        for (let i = 0; i < 5; i += 1) sizes[name] = JSON.stringify(await call(query)).length; // warm-up
      } catch (error) {
        failures[name] = String(error).slice(0, 300);
      }
    }
    const measured = await measureRounds({ warmups: 0, count: rounds.count }, async () => {
      const round = {};
      for (const [name, query] of shapes) {
        if (failures[name]) continue;
        try {
          const timings = [];
          for (let i = 0; i < queriesPerRound; i += 1) {
            const started = process.hrtime.bigint();
            await call(query);
            timings.push(Number(process.hrtime.bigint() - started) / 1e6);
          }
          timings.sort((a, b) => a - b);
          round[name] = {
            p50_ms: +percentile(timings, 50).toFixed(1),
            p95_ms: +percentile(timings, 95).toFixed(1),
            p99_ms: +percentile(timings, 99).toFixed(1),
          };
        } catch (error) {
          failures[name] ??= String(error).slice(0, 300);
        }
      }
      return round;
    });
    for (const [name, , target] of shapes) {
      const of = (key) => measured.map((round) => round[name]?.[key] ?? NaN);
      results.queries.push({
        query: name,
        response_kB: sizes[name] === undefined ? null : +(sizes[name] / 1024).toFixed(1),
        rounds: measured.map((round) => round[name] ?? null),
        ...(failures[name] ? { error: failures[name] } : {}),
      });
      figures.push(
        figure(`${name}: p50`, 'ms', of('p50_ms')),
        figure(
          `${name}: p95`,
          'ms',
          of('p95_ms'),
          target ? below(targetQueryP95Ms, 'ms', 'p95 ') : undefined,
        ),
      );
    }
    for (const { query, response_kB, rounds: perRound, error } of results.queries)
      console.log(
        error
          ? `${query}: ${error}`
          : `${query}: ${response_kB} kB, p50 / p95 per round ${perRound.map((round) => (round ? `${round.p50_ms} / ${round.p95_ms}` : '-')).join(', ')} ms`,
      );

    // 4. Ingest at RATE events/s, in rounds of fresh incidents (a service of their own per round).
    const ingestRounds = await measureRounds(rounds, async ({ warmup, index }) => {
      const batch = {
        service: `${ingestServicePrefix}-${warmup ? 'warmup' : index + 1}`,
        seconds: warmup ? ingestWarmupSeconds : ingestSeconds,
        numberPrefix: `INC-9${warmup ? 0 : index + 1}`,
        ids: [],
      };
      const round = await measureIngest(nats, prefix, service, call, batch);
      console.log(
        `ingest ${warmup ? 'warm-up' : `round ${index + 1}`}: ${round.events} events at ${round.achieved_rate_per_s}/s, event → queryable lag p50 ${round.queryable_lag_p50_s} s p99 ${round.queryable_lag_p99_s} s, lost ${round.lost}, lost in the projection ${round.lost_in_projection}`,
      );
      return round;
    });
    results.ingest = ingestRounds;
    const ofIngest = (key) => ingestRounds.map((round) => round[key] ?? NaN);
    figures.push(
      figure('ingest: event → queryable lag p50', 's', ofIngest('queryable_lag_p50_s')),
      figure(
        'ingest: event → queryable lag p99',
        's',
        ofIngest('queryable_lag_p99_s'),
        below(targetLagSeconds, 's', 'p99 '),
      ),
      figure(
        'ingest: achieved rate',
        'events/s',
        ofIngest('achieved_rate_per_s'),
        atLeast(rate * 0.98, 'events/s'),
      ),
      figure('ingest: events lost (never queryable)', 'count', ofIngest('lost'), exactly(0)),
      figure('ingest: events lost in the projection', 'count', ofIngest('lost_in_projection'), exactly(0)),
    );
  } catch (error) {
    // The figures measured so far are still written (a missing part shows as not measured); the run fails.
    console.error(error);
    results.error = String(error).slice(0, 500);
    process.exitCode = 1;
  } finally {
    await service?.stop();
    await nats.close();
    await isolated.cleanUp();
  }
  writeResults('analytics-scale', { figures, ...results });
}

/**
 * Publishes created, acknowledged and resolved events of fresh incidents, paced to `rate` events/s
 * (occurredAt = the publish time), while polling the metrics query of their service and day: when a
 * count first reaches k, the k-th event of that kind is queryable. Also reads the consumers' lag
 * histograms from /metrics (delta over the run). `batch`: the round's service, duration, incident
 * number prefix and ids.
 */
async function measureIngest(nats, prefix, service, call, batch) {
  const js = jetstream(nats);
  const total = rate * batch.seconds;
  const perKind = Math.floor(total / 3);
  const metricsUrl = `${new URL(service.url).origin}/metrics`;
  const histogramsBefore = await lagHistograms(metricsUrl);
  const occurred = { created: [], acknowledged: [], resolved: [] };
  const queryable = { created: [], acknowledged: [], resolved: [] };
  const pollQuery = `{ metrics(${metricsArgs({ ...ingestDay, interval: 'DAY', services: [batch.service] })}) {
    series { points { incidents timeToAcknowledge { count } timeToResolve { count } } } } }`;
  const counts = { created: 0, acknowledged: 0, resolved: 0 };
  let publishing = true;
  let publishEnded = Infinity;
  let pollFailures = 0;
  let polled = false;
  const poller = (async () => {
    while (publishing || Object.values(counts).some((count) => count < perKind)) {
      const started = Date.now();
      try {
        const point = (await call(pollQuery)).metrics.series[0]?.points[0];
        const now = Date.now();
        const seen = {
          created: point?.incidents ?? 0,
          acknowledged: point?.timeToAcknowledge.count ?? 0,
          resolved: point?.timeToResolve.count ?? 0,
        };
        for (const kind of Object.keys(seen)) {
          for (let k = counts[kind]; k < seen[kind]; k += 1) queryable[kind][k] = now;
          counts[kind] = Math.max(counts[kind], seen[kind]);
        }
        pollFailures = 0;
        polled = true;
      } catch (error) {
        pollFailures += 1;
        if (pollFailures === 1) console.error(`poll failed: ${String(error).slice(0, 300)}`);
      }
      if (!publishing && (Date.now() > publishEnded + 60_000 || pollFailures > 50)) break;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 100 - (Date.now() - started))));
    }
  })();
  const started = Date.now();
  const acks = [];
  const tickMs = 20;
  const perTick = (rate * tickMs) / 1000;
  let published = 0;
  for (let tick = 0; published < perKind * 3; tick += 1) {
    const due = started + tick * tickMs;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    for (let i = 0; i < perTick && published < perKind * 3; i += 1, published += 1) {
      const n = Math.floor(published / 3);
      const kind = ['created', 'acknowledged', 'resolved'][published % 3];
      const at = new Date();
      const event = ingestEvent(batch, n, kind, at);
      occurred[kind][n] = at.getTime();
      const { subject, ...envelope } = event;
      acks.push(js.publish(`${prefix}.${subject}`, JSON.stringify(envelope), { msgID: event.id }));
    }
  }
  await Promise.all(acks);
  publishEnded = Date.now();
  const achievedRate = (perKind * 3) / ((publishEnded - started) / 1000);
  publishing = false;
  await poller;

  // The projection itself: wait until every event is applied (or nothing moves for 10 s), whatever the
  // query API says; how long that takes after the last publish is the backlog the consumers built up.
  let projected = await projectedCounts(service.databaseUrl, batch.service);
  let lastProgress = Date.now();
  while (projected.created + projected.acknowledged + projected.resolved < perKind * 3) {
    if (Date.now() - lastProgress > 10_000) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
    const next = await projectedCounts(service.databaseUrl, batch.service);
    if (
      next.created + next.acknowledged + next.resolved >
      projected.created + projected.acknowledged + projected.resolved
    )
      lastProgress = Date.now();
    projected = next;
  }
  const drainedSeconds = (Date.now() - publishEnded) / 1000;
  const histogramsAfter = await lagHistograms(metricsUrl);
  const lags = [];
  let lost = 0;
  for (const kind of Object.keys(occurred)) {
    for (let k = 0; k < perKind; k += 1) {
      if (queryable[kind][k] === undefined) lost += 1;
      else lags.push((queryable[kind][k] - occurred[kind][k]) / 1000);
    }
  }
  lags.sort((a, b) => a - b);
  const queryableP99 = percentile(lags, 99);
  const histogramLag = {};
  for (const [name, after] of Object.entries(histogramsAfter)) {
    histogramLag[name] = histogramPercentiles(after, histogramsBefore[name] ?? new Map());
  }
  return {
    events: perKind * 3,
    target_rate_per_s: rate,
    achieved_rate_per_s: +achievedRate.toFixed(0),
    queryable_lag_p50_s: +percentile(lags, 50).toFixed(3),
    queryable_lag_p99_s: +queryableP99.toFixed(3),
    queryable_lag_max_s: +(lags.at(-1) ?? NaN).toFixed(3),
    queryable_counts: `${counts.created}/${counts.acknowledged}/${counts.resolved} of ${perKind} each`,
    // Unknown (null) when the query never answered.
    lost: polled ? lost : null,
    projected_rows: `${projected.created}/${projected.acknowledged}/${projected.resolved} of ${perKind} each`,
    lost_in_projection: perKind * 3 - projected.created - projected.acknowledged - projected.resolved,
    projection_caught_up_s_after_last_publish: +drainedSeconds.toFixed(1),
    ...Object.fromEntries(
      Object.entries(histogramLag).flatMap(([name, p]) => [
        [`${name}_p50_le_s`, p.p50],
        [`${name}_p99_le_s`, p.p99],
      ]),
    ),
    target_met: polled && achievedRate >= rate * 0.98 && queryableP99 < targetLagSeconds && lost === 0,
    consumers_keep_up: histogramLag.mim_event_lag_seconds?.p99 <= targetLagSeconds,
  };
}

function ingestEvent(batch, n, kind, at) {
  const incidentId = batch.ids[n] ?? (batch.ids[n] = randomUUID());
  const number = `${batch.numberPrefix}${String(n).padStart(6, '0')}`;
  const envelope = {
    aggregateId: incidentId,
    actor: { kind: 'system', id: 'bench' },
    correlationId: `bench-${incidentId}`,
    occurredAt: at,
  };
  const reportedAt = new Date(Date.parse(ingestDay.from) + n * 1000);
  if (kind === 'created') {
    return newEvent(incidentCreatedV1, {
      ...envelope,
      aggregateVersion: 1,
      data: {
        ...incidentCreatedV1.example,
        incidentId,
        number,
        priority: 'P3',
        status: 'NEW',
        affectedServices: [batch.service],
        reportedAt: reportedAt.toISOString(),
        failureStartedAt: null,
      },
    });
  }
  const [version, from, to, afterSeconds] =
    kind === 'acknowledged' ? [2, 'NEW', 'ACKNOWLEDGED', 120] : [3, 'ACKNOWLEDGED', 'RESOLVED', 3600];
  const changedAt = new Date(reportedAt.getTime() + afterSeconds * 1000).toISOString();
  return newEvent(incidentStatusChangedV1, {
    ...envelope,
    aggregateVersion: version,
    data: { incidentId, number, from, to, priority: 'P3', reporterId: 'user-42', reason: null, changedAt },
  });
}

/** The ingested incidents as the projection table holds them, after the run (whatever the query API says). */
async function projectedCounts(databaseUrl, ingestService) {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT count(reported_at)::int AS created, count(acknowledged_at)::int AS acknowledged,
              count(resolved_at)::int AS resolved
         FROM incident_metrics WHERE affected_services = ARRAY[$1]`,
      [ingestService],
    );
    return rows[0];
  } finally {
    await db.end();
  }
}

/** Lag histograms of the service (`*lag_seconds`), buckets summed over their labels: name -> (le -> count). */
async function lagHistograms(metricsUrl) {
  const text = await (await fetch(metricsUrl)).text();
  const histograms = {};
  for (const line of text.split('\n')) {
    const match = /^(mim_\w*lag_seconds)_bucket\{(.*)\} (\S+)$/.exec(line);
    if (!match) continue;
    const le = /le="([^"]+)"/.exec(match[2])?.[1];
    const buckets = (histograms[match[1]] ??= new Map());
    buckets.set(le, (buckets.get(le) ?? 0) + Number(match[3]));
  }
  return histograms;
}

/** Upper bounds of the buckets holding the 50th and 99th percentiles of the observations of the run. */
function histogramPercentiles(after, before) {
  const buckets = [...after.entries()]
    .map(([le, count]) => [le === '+Inf' ? Infinity : Number(le), count - (before.get(le) ?? 0)])
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.at(-1)?.[1] ?? 0;
  const at = (p) => buckets.find(([, count]) => count >= total * p)?.[0] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

function monthStart(offset) {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString();
}

function dayStart(offset) {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset)).toISOString();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
