#!/usr/bin/env node
// Benchmark: the write path (issue 9, scenario 3). `createIncident` through the gateway, sustained by
// autocannon in its own process (loopback, CONNECTIONS connections, as fast as the platform answers):
// throughput and latency; then the lag from the end of the load until the analytics and notification
// services have consumed every event it caused; then, with everything settled, the events lost and
// duplicated. The five services run in this process (built output, fresh databases, a private stream),
// the gateway as its own process (bench/lib/stack.mjs).
//
// Rounds. The issue asks for 60 s of sustained load, and the lag after a minute of backlog is not the lag
// after 20 s, so a measured round is one full DURATION (60 s) run, not a minute cut in three. Within the
// scenario's budget (~2 min: start-up, a WARMUP-second warm-up that is drained before measuring, the
// measured minute, the drain, the checks) that is ROUNDS=1 by default; ROUNDS=3 gives a spread in ~5 min.
// Every round creates new incidents on the same stack; the lost/duplicated checks after each round cover
// every event written since the start (warm-up included).
//
// The body. autocannon sends one body: the same CreateIncidentInput every time (titles repeat, which the
// API allows: there is no idempotency key). Identical incidents are a flood, so after the fifth one every
// creation is absorbed by the same major incident candidate (modules/mi-candidate): that is the product's
// real path for a flood of identical tickets.
//
// Failed requests (target 0): autocannon's non-2xx answers, socket errors and timeouts, plus GraphQL errors
// answered with 200 (the gateway's own count, mim_graphql_request_duration_seconds_count of the named
// operation with outcome="error", from its /metrics).
//
// The lag ("until every event is consumed"): from the moment the load generator ends until (1) the
// incident service's outbox holds no unpublished row and (2) for every event subject that analytics and
// notification consume, each consumer's inbox (inbox_message, one row per applied event, committed with
// the handler's effect) holds as many rows as the incident outbox holds events of that subject. Polled
// every 100 ms from the services' own databases.
//
// Lost (target 0), checked on exact sets of event ids once drained: an event in the incident outbox that a
// consuming service never applied (not in its inbox, whatever the reason: unpublished, dead-lettered,
// stuck), plus an incident without its analytics row (incident_metrics with its number) or without its
// notification snapshot (incident_snapshot.created_seen).
// Duplicated (target 0): an effect applied twice: an incident with more than one incident.created event;
// an inbox row of a consumer for an event the incident service never wrote; the same
// (incident, recipient, channel) notified twice for its creation. Also shown, and not counted as
// duplicated because the inbox absorbs them: stream copies beyond the outboxes (more messages of a
// subject in the stream than outbox rows of it in the five services: an event published twice) and
// redeliveries the consumers skipped (mim_events_consumed_total{outcome="duplicate"}). The JetStream side
// is shown too: each consumer's pending and unacknowledged messages, its redeliveries, and the size of
// the dead-letter stream.
//
//   npm run bench -- write-path   (DURATION=60 WARMUP=5 WARMUPS=1 ROUNDS=1 CONNECTIONS=10 LAG_TIMEOUT=90)
import { createRequire } from 'node:module';
import { exactly, figure, roundSettings } from './lib/figures.mjs';
import { autocannon, graphqlLoad, loadSummary } from './lib/load.mjs';
import { writeResults } from './lib/results.mjs';
import { startBenchStack } from './lib/stack.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');

const duration = Number(process.env.DURATION ?? 60);
const warmup = Number(process.env.WARMUP ?? 5);
const { warmups, count: rounds } = roundSettings({ warmups: 1, count: 1 });
const connections = Number(process.env.CONNECTIONS ?? 10);
const lagTimeoutMs = Number(process.env.LAG_TIMEOUT ?? 90) * 1000;
const consumingServices = ['analytics', 'notification'];

const operation = 'BenchCreateIncident';
const mutation = `mutation ${operation}($input: CreateIncidentInput!) {
  createIncident(input: $input) { id number }
}`;
const input = {
  title: 'Checkout page returns 502 for some customers',
  description: 'Customers report intermittent 502 errors on the checkout page since 09:40.',
  channel: 'PHONE',
  impact: 'MODERATE',
  urgency: 'MEDIUM',
  affectedServices: ['checkout'],
};

async function connectDatabase(service) {
  const client = new Client({ connectionString: service.deps.env.DATABASE_URL });
  await client.connect();
  return client;
}

/** What the consuming services must have applied: their consumers, by the subject each consumes. */
function consumersOf(stack) {
  const prefix = `${stack.services.incident.deps.env.EVENTS_SUBJECT_PREFIX}.`;
  return consumingServices.flatMap((service) =>
    stack.services[service].consumers.map((consumer) => ({
      service,
      name: consumer.name,
      subject: consumer.filterSubject.slice(prefix.length),
    })),
  );
}

const sum = (values) => values.reduce((total, value) => total + value, 0);

/** Counts only, cheap enough to poll: unpublished outbox rows, and each service's events not yet applied. */
async function backlog(db, consumers) {
  const outbox = await db.incident.query(
    `SELECT subject, count(*)::int AS events, count(*) FILTER (WHERE published_at IS NULL)::int AS unpublished
     FROM outbox_message GROUP BY subject`,
  );
  const events = new Map(outbox.rows.map((row) => [row.subject, row.events]));
  const unpublished = outbox.rows.reduce((total, row) => total + row.unpublished, 0);
  const applied = new Map();
  for (const service of consumingServices) {
    const rows = await db[service].query(`SELECT consumer, count(*)::int AS n FROM inbox_message GROUP BY 1`);
    for (const row of rows.rows) applied.set(row.consumer, row.n);
  }
  const notApplied = Object.fromEntries(consumingServices.map((service) => [service, 0]));
  for (const consumer of consumers) {
    notApplied[consumer.service] += Math.max(
      0,
      (events.get(consumer.subject) ?? 0) - (applied.get(consumer.name) ?? 0),
    );
  }
  return { unpublished, notApplied, notAppliedTotal: sum(Object.values(notApplied)) };
}

/**
 * Polls until nothing is left to publish or apply. The seconds from `since` until each consuming service
 * had applied everything (and the outbox was empty), and until both had (`all`); NaN past the timeout.
 */
async function drain(db, consumers, since) {
  const deadline = since + lagTimeoutMs;
  const caughtUp = {};
  for (;;) {
    const state = await backlog(db, consumers);
    const elapsed = (Date.now() - since) / 1000;
    for (const service of consumingServices) {
      if (caughtUp[service] === undefined && state.unpublished === 0 && state.notApplied[service] === 0)
        caughtUp[service] = elapsed;
    }
    if (consumingServices.every((service) => caughtUp[service] !== undefined)) {
      return { ...caughtUp, all: Math.max(...Object.values(caughtUp)) };
    }
    if (Date.now() > deadline) {
      return {
        ...Object.fromEntries(consumingServices.map((service) => [service, NaN])),
        ...caughtUp,
        all: NaN,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function counterValues(service, name) {
  const metric = service.deps.metrics.registry.getSingleMetric(name);
  return metric ? metric.get().then((result) => result.values) : Promise.resolve([]);
}

/** The exact checks, on sets of event ids: see the header for what counts as lost and duplicated. */
async function verify(stack, db, consumers) {
  const incident = stack.services.incident;
  const { EVENTS_STREAM: stream, EVENTS_SUBJECT_PREFIX: prefix } = incident.deps.env;
  const jsm = incident.deps.bus.jsm;

  const outbox = await db.incident.query(
    `SELECT id, subject, published_at IS NULL AS unpublished FROM outbox_message`,
  );
  const idsBySubject = new Map();
  for (const row of outbox.rows) {
    if (!idsBySubject.has(row.subject)) idsBySubject.set(row.subject, new Set());
    idsBySubject.get(row.subject).add(row.id);
  }
  const [{ incidents }] = (await db.incident.query(`SELECT count(*)::int AS incidents FROM incident`)).rows;
  const [createdEvents] = (
    await db.incident.query(
      `SELECT count(*) FILTER (WHERE n > 1)::int AS twice,
              (SELECT count(*)::int FROM incident i WHERE NOT EXISTS (
                 SELECT 1 FROM outbox_message o WHERE o.subject = 'incident.created.v1'
                   AND o.envelope->'aggregate'->>'id' = i.id::text)) AS without
       FROM (SELECT count(*) AS n FROM outbox_message WHERE subject = 'incident.created.v1'
             GROUP BY envelope->'aggregate'->>'id') created`,
    )
  ).rows;

  const perConsumer = [];
  for (const consumer of consumers) {
    const expected = idsBySubject.get(consumer.subject) ?? new Set();
    const inbox = await db[consumer.service].query(`SELECT event_id FROM inbox_message WHERE consumer = $1`, [
      consumer.name,
    ]);
    const applied = new Set(inbox.rows.map((row) => row.event_id));
    const info = await jsm.consumers.info(stream, consumer.name);
    perConsumer.push({
      consumer: consumer.name,
      events: expected.size,
      applied: applied.size,
      missing: [...expected].filter((id) => !applied.has(id)).length,
      unknown: [...applied].filter((id) => !expected.has(id)).length,
      pending: info.num_pending,
      unacknowledged: info.num_ack_pending,
      redelivered: info.num_redelivered,
    });
  }

  // Every message of the stream is one outbox row of one of the five services (the event id is the
  // message id): more messages than rows for a subject means an event was published twice.
  const outboxCounts = new Map();
  for (const service of Object.keys(stack.services)) {
    const rows = await db[service].query(`SELECT subject, count(*)::int AS n FROM outbox_message GROUP BY 1`);
    for (const row of rows.rows) outboxCounts.set(row.subject, (outboxCounts.get(row.subject) ?? 0) + row.n);
  }
  const streamInfo = await jsm.streams.info(stream, { subjects_filter: `${prefix}.>` });
  const inStream = Object.fromEntries(
    Object.entries(streamInfo.state.subjects ?? {}).map(([subject, count]) => [
      subject.slice(prefix.length + 1),
      count,
    ]),
  );
  const copiesBeyondOutbox = sum(
    Object.entries(inStream).map(([subject, count]) => Math.max(0, count - (outboxCounts.get(subject) ?? 0))),
  );
  const deadLettered = (await jsm.streams.info(`${stream}_DLQ`)).state.messages;

  const [metricsRows] = (
    await db.analytics.query(
      `SELECT count(*) FILTER (WHERE number IS NOT NULL)::int AS n FROM incident_metrics`,
    )
  ).rows;
  const [snapshots] = (
    await db.notification.query(
      `SELECT count(*) FILTER (WHERE created_seen)::int AS n FROM incident_snapshot`,
    )
  ).rows;
  const createdIds = [...(idsBySubject.get('incident.created.v1') ?? [])];
  const [notifications] = (
    await db.notification.query(
      `SELECT count(*)::int AS total,
              count(DISTINCT (incident_id, recipient_id, channel))::int AS distinct_deliveries,
              count(DISTINCT incident_id)::int AS incidents
       FROM notification WHERE source_event_id = ANY($1::uuid[])`,
      [createdIds],
    )
  ).rows;

  let absorbedRedeliveries = 0;
  for (const service of consumingServices) {
    const values = await counterValues(stack.services[service], 'mim_events_consumed_total');
    absorbedRedeliveries += sum(
      values.filter((value) => value.labels.outcome === 'duplicate').map((value) => value.value),
    );
  }

  const lost =
    sum(perConsumer.map((row) => row.missing)) +
    Math.max(0, incidents - metricsRows.n) +
    Math.max(0, incidents - snapshots.n);
  const duplicated =
    createdEvents.twice +
    sum(perConsumer.map((row) => row.unknown)) +
    (notifications.total - notifications.distinct_deliveries);
  return {
    lost,
    duplicated,
    incidents,
    events: outbox.rows.length,
    unpublished: outbox.rows.filter((row) => row.unpublished).length,
    incidentsWithoutCreatedEvent: createdEvents.without,
    incidentsWithSeveralCreatedEvents: createdEvents.twice,
    analyticsRows: metricsRows.n,
    notificationSnapshots: snapshots.n,
    creationNotifications: notifications.total,
    incidentsNotified: notifications.incidents,
    streamCopiesBeyondOutbox: copiesBeyondOutbox,
    streamMessagesBySubject: inStream,
    deadLettered,
    absorbedRedeliveries,
    consumers: perConsumer,
  };
}

/** The gateway's count of BenchCreateIncident requests by outcome (success, error), from its /metrics. */
async function gatewayOutcomes(gatewayUrl) {
  const text = await (await fetch(new URL('/metrics', gatewayUrl))).text();
  const outcomes = { success: 0, error: 0 };
  for (const line of text.split('\n')) {
    if (!line.startsWith('mim_graphql_request_duration_seconds_count{')) continue;
    if (!line.includes(`operation="${operation}"`)) continue;
    const outcome = /outcome="(\w+)"/.exec(line)?.[1];
    if (outcome in outcomes) outcomes[outcome] += Number(line.split(' ').at(-1));
  }
  return outcomes;
}

async function main() {
  const stack = await startBenchStack();
  const db = {};
  const stopOnSignal = () => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    for (const service of Object.keys(stack.services)) {
      db[service] = await connectDatabase(stack.services[service]);
    }
    const consumers = consumersOf(stack);
    const token = await stack.token('bench-agent', ['service_desk_technician']);
    const load = graphqlLoad(stack.gateway.url, token, mutation, { input });
    const incidentsNow = async () =>
      (await db.incident.query(`SELECT count(*)::int AS n FROM incident`)).rows[0].n;

    // Warm-up (JIT, pools, plans), drained, so a measured round starts from an empty backlog.
    for (let index = 0; index < warmups; index += 1) {
      console.log(`warm-up: ${warmup} s`);
      await autocannon({ ...load, connections, seconds: warmup });
      if (Number.isNaN((await drain(db, consumers, Date.now())).all))
        throw new Error('the warm-up never drained');
    }

    const measured = [];
    for (let round = 0; round < rounds; round += 1) {
      console.log(
        `round ${round + 1}/${rounds}: ${duration} s of createIncident, ${connections} connections`,
      );
      const incidentsBefore = await incidentsNow();
      const outcomesBefore = await gatewayOutcomes(stack.gateway.url);
      const summary = loadSummary(await autocannon({ ...load, connections, seconds: duration }));
      const loadEnded = Date.now();
      const atEnd = await backlog(db, consumers);
      const lag = await drain(db, consumers, loadEnded);
      const outcomesAfter = await gatewayOutcomes(stack.gateway.url);
      const created = (await incidentsNow()) - incidentsBefore;
      const checks = await verify(stack, db, consumers);
      const result = {
        ...summary,
        graphqlErrors: outcomesAfter.error - outcomesBefore.error,
        graphqlSuccesses: outcomesAfter.success - outcomesBefore.success,
        created,
        createdPerSecond: created / duration,
        backlogAtEnd: atEnd,
        lagSeconds: lag,
        checks,
      };
      measured.push(result);
      console.table(checks.consumers.filter((row) => row.events > 0));
      console.log(
        `round ${round + 1}: ${Math.round(summary.requestsPerSecond)} req/s, p50 ${summary.p50} ms, p99 ${summary.p99} ms, ${created} incidents; ${atEnd.notAppliedTotal} events not yet consumed at the end (analytics ${atEnd.notApplied.analytics}, notification ${atEnd.notApplied.notification}), all consumed ${lag.all.toFixed(2)} s later (analytics ${lag.analytics.toFixed(2)} s, notification ${lag.notification.toFixed(2)} s); lost ${checks.lost}, duplicated ${checks.duplicated}`,
      );
    }

    const values = (pick) => measured.map(pick);
    const figures = [
      figure(
        'createIncident throughput',
        'req/s',
        values((r) => r.requestsPerSecond),
      ),
      figure(
        'createIncident p50',
        'ms',
        values((r) => r.p50),
      ),
      figure(
        'createIncident p99',
        'ms',
        values((r) => r.p99),
      ),
      figure(
        'failed createIncident (HTTP errors, timeouts, GraphQL errors)',
        'count',
        values((r) => r.failed + r.graphqlErrors),
        exactly(0),
      ),
      figure(
        'incidents created',
        'count',
        values((r) => r.created),
      ),
      figure(
        'events not yet consumed when the load ended',
        'count',
        values((r) => r.backlogAtEnd.notAppliedTotal),
      ),
      figure(
        'lag until analytics consumed every event',
        's',
        values((r) => r.lagSeconds.analytics),
      ),
      figure(
        'lag until notification consumed every event',
        's',
        values((r) => r.lagSeconds.notification),
      ),
      figure(
        'lag until analytics and notification consumed every event',
        's',
        values((r) => r.lagSeconds.all),
      ),
      figure(
        'events lost (after the lag)',
        'count',
        values((r) => r.checks.lost),
        exactly(0),
      ),
      figure(
        'events duplicated',
        'count',
        values((r) => r.checks.duplicated),
        exactly(0),
      ),
    ];
    console.log(
      `\ncreateIncident through the gateway: ${rounds} x ${duration} s, ${connections} connections, after ${warmups} x ${warmup} s warm-up`,
    );
    writeResults('write-path', {
      figures,
      durationSeconds: duration,
      warmupSeconds: warmup,
      warmups,
      connections,
      input,
      rounds: measured,
    });
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    for (const client of Object.values(db)) await client.end().catch(() => undefined);
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
