#!/usr/bin/env node
// Benchmark: cross-subgraph reads (issue 9, scenario 2). One query reads a major incident with fields
// from all five subgraphs: the incident itself (incident), its problems (problem), its changes (change),
// its delivery log (notification) and its metrics (analytics); the gateway plans one fetch from the
// incident subgraph, then one `_entities` fetch to each of the four others.
// 1. The data, through the gateway as users make it: stakeholder groups and people (in-app delivery);
//    BACKGROUND other incidents, one in ten declared major; then the incident read: acknowledged,
//    declared major (the problem service opens its problem, stakeholders are told), a fixing emergency
//    change and the change that caused it, a status update, service restored. Loading starts once the
//    events have propagated (problem, changes, notifications and metrics all present and settled), and
//    after one read whose body is checked (a GraphQL error comes back as a 200).
// 2. Fixed rate: autocannon in its own process (loopback) at FIXED_RATE req/s; a WARMUP_SECONDS warm-up,
//    then ROUNDS rounds of ROUND_SECONDS: p50/p99. Target: p99 < 100 ms (and the rate served).
// 3. The highest rate held (p99 < 100 ms, at least 95% of the asked requests per second served, no
//    error): from the fixed rate (held when its targets were met), STEP_SECONDS runs at FIXED_RATE x 2, 3,
//    4, 6, 8... up to the first not held (or halving down when the fixed rate was not held), one bisection,
//    then CONFIRM_ROUNDS runs at the rate found, whose p99 is checked against the target.
// 4. Where the time goes: each subgraph's own fetch for this query sent to it directly, and the whole
//    query through the gateway; one connection, nothing else loading, BREAKDOWN_SECONDS each. Every run
//    also records the CPU used per request by the gateway process and by this one (the five services),
//    read from /proc (Linux), and this event loop's delay p99 (how long a subgraph request queues here).
// Connections: enough to hold the asked rate with every request taking the full 100 ms (rate / 10, at
// least 2). autocannon's overallRate gives each connection its share at the start of every second (not
// a Poisson arrival), so requests come in bursts of up to that many at once.
// The five services share this process (one event loop), as startBenchStack runs them; the gateway and
// autocannon have their own.
//
//   node bench/cross-subgraph-reads.mjs   (FIXED_RATE=50 ROUNDS=3 ROUND_SECONDS=10 WARMUP_SECONDS=3
//                                          STEP_SECONDS=5 CONFIRM_ROUNDS=2 BREAKDOWN_SECONDS=2
//                                          BACKGROUND=100 STAKEHOLDERS=12)
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { autocannon, graphqlLoad } from './lib/load.mjs';
import { figure } from './lib/figures.mjs';
import { writeResults } from './lib/results.mjs';
import { graphql, startBenchStack } from './lib/stack.mjs';

const fixedRate = Number(process.env.FIXED_RATE ?? 50);
const rounds = Number(process.env.ROUNDS ?? 3);
const roundSeconds = Number(process.env.ROUND_SECONDS ?? 10);
const warmupSeconds = Number(process.env.WARMUP_SECONDS ?? 3);
const stepSeconds = Number(process.env.STEP_SECONDS ?? 5);
const confirmRounds = Number(process.env.CONFIRM_ROUNDS ?? 2);
const background = Number(process.env.BACKGROUND ?? 100);
const stakeholders = Number(process.env.STAKEHOLDERS ?? 12);
const breakdownSeconds = Number(process.env.BREAKDOWN_SECONDS ?? 2);
const targetP99Ms = 100;
const heldShare = 0.95;

/** The selection, by the subgraph that resolves it. */
const parts = {
  incident: `id number title status priority isMajor majorDeclaredAt acknowledgedAt serviceRestoredAt
    affectedServices`,
  problem: 'problems { id number title status priority }',
  change: 'changes { id number title type status risk plannedStart plannedEnd }',
  notification: 'notifications { id recipientName channel status audience subject createdAt sentAt }',
  analytics: 'metrics { timeToDetectSeconds timeToAcknowledgeSeconds timeToResolveSeconds downtimeSeconds }',
};
const read = (selection) => `query IncidentAcrossSubgraphs($id: ID!) { incident(id: $id) { ${selection} } }`;
const query = read(Object.values(parts).join('\n    '));

const services = ['checkout', 'payments', 'search', 'email'];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const minutesAgo = (minutes) => new Date(Date.now() - minutes * 60_000).toISOString();
const hoursFromNow = (hours) => new Date(Date.now() + hours * 3_600_000).toISOString();

async function setUp(stack) {
  const url = stack.gateway.url;
  const tokens = {
    agent: await stack.token('agent-9', ['service_desk_technician']),
    manager: await stack.token('mim-9', ['major_incident_manager']),
    comms: await stack.token('comms-9', ['communications_lead']),
    tech: await stack.token('tech-9', ['technical_staff']),
  };
  const call = (token, text, variables) => graphql(url, token, text, variables);

  // Stakeholders, as a communications lead sets them up: in-app delivery only (no email address).
  const groups = [];
  for (const input of [
    { name: 'Checkout SRE', kind: 'TECHNICAL_TEAM', supportTier: 'L2', services: ['checkout'] },
    { name: 'Executive board', kind: 'MANAGEMENT' },
    { name: 'Service owners', kind: 'KEY_STAKEHOLDERS' },
  ]) {
    const { createStakeholderGroup } = await call(
      tokens.comms,
      'mutation ($input: StakeholderGroupInput!) { createStakeholderGroup(input: $input) { id } }',
      { input },
    );
    groups.push(createStakeholderGroup.id);
  }
  for (let index = 0; index < stakeholders; index += 1) {
    const userId = `stakeholder-${index}`;
    await call(
      tokens.comms,
      'mutation ($input: SaveStakeholderInput!) { saveStakeholder(input: $input) { id } }',
      { input: { userId, name: `Stakeholder ${index}` } },
    );
    await call(
      tokens.comms,
      'mutation ($groupId: ID!, $userIds: [ID!]!) { addStakeholderGroupMembers(groupId: $groupId, userIds: $userIds) { id } }',
      { groupId: groups[index % groups.length], userIds: [userId] },
    );
  }

  const create = async (input) =>
    (
      await call(
        tokens.agent,
        'mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { id number version } }',
        { input },
      )
    ).createIncident;
  const declare = async (incident, impactStatement) =>
    (
      await call(
        tokens.manager,
        'mutation ($input: DeclareMajorIncidentInput!) { declareMajorIncident(input: $input) { version } }',
        { input: { id: incident.id, expectedVersion: incident.version, impactStatement } },
      )
    ).declareMajorIncident.version;

  // The incidents around it.
  for (let index = 0; index < background; index += 1) {
    const incident = await create({
      title: `Background incident ${index}`,
      description: 'Seeded for the cross-subgraph read benchmark',
      channel: index % 3 === 0 ? 'MONITORING' : 'PHONE',
      impact: index % 10 === 0 ? 'EXTENSIVE' : 'MODERATE',
      urgency: index % 10 === 0 ? 'CRITICAL' : 'MEDIUM',
      affectedServices: [services[index % services.length]],
    });
    if (index % 10 === 0) await declare(incident, `Background outage ${index}`);
  }

  // The incident read: acknowledged, declared major, fixed by a change, restored.
  let incident = await create({
    title: 'Checkout returns HTTP 502 after release 4.2',
    description: 'Every card payment fails at the last step of checkout',
    symptoms: 'HTTP 502 from /api/checkout; payment service logs "connection pool exhausted"',
    channel: 'MONITORING',
    impact: 'EXTENSIVE',
    urgency: 'CRITICAL',
    affectedServices: ['checkout', 'payments'],
    failureStartedAt: minutesAgo(20),
  });
  incident.version = (
    await call(
      tokens.manager,
      'mutation ($id: ID!, $v: Int!) { acknowledgeIncident(id: $id, expectedVersion: $v) { version } }',
      { id: incident.id, v: incident.version },
    )
  ).acknowledgeIncident.version;
  incident.version = await declare(incident, 'No customer can pay; checkout revenue stopped');

  const current = () => call(tokens.manager, query, { id: incident.id }).then((data) => data.incident);
  const problem = await eventually('the problem opened for the declaration', async () => {
    const { problems } = await current();
    return problems[0];
  });
  const change = (input) =>
    call(
      tokens.tech,
      'mutation ($input: CreateChangeRequestInput!) { createChangeRequest(input: $input) { id } }',
      {
        input: {
          description: 'Checkout payment pool',
          implementationPlan: 'Deploy through the pipeline',
          rollbackPlan: 'Redeploy the previous release',
          testPlan: 'Watch the checkout error rate',
          affectedServices: ['checkout'],
          ...input,
        },
      },
    );
  await change({
    title: 'Checkout release 4.2',
    type: 'NORMAL',
    risk: 'MEDIUM',
    plannedStart: hoursFromNow(24),
    plannedEnd: hoursFromNow(26),
    incidentLinks: [{ incidentId: incident.id, relation: 'CAUSED_BY' }],
  });
  await change({
    title: 'Restore the payment pool size',
    type: 'EMERGENCY',
    risk: 'HIGH',
    plannedStart: hoursFromNow(1),
    plannedEnd: hoursFromNow(2),
    incidentLinks: [{ incidentId: incident.id, relation: 'FIXES' }],
    problemIds: [problem.id],
  });
  await call(
    tokens.manager,
    'mutation ($input: PublishStatusUpdateInput!) { publishStatusUpdate(input: $input) { id } }',
    {
      input: {
        incidentId: incident.id,
        audiences: ['TECHNICAL_TEAM', 'MANAGEMENT', 'KEY_STAKEHOLDERS'],
        impact: 'No customer can pay',
        currentStatus: 'Rolling back release 4.2; the payment pool is being restored',
      },
    },
  );
  await call(
    tokens.manager,
    'mutation ($input: RecordServiceRestoredInput!) { recordServiceRestored(input: $input) { version } }',
    { input: { id: incident.id, expectedVersion: incident.version, note: 'Pool size restored by hand' } },
  );

  // Every subgraph's part present, and the delivery log settled, before any load.
  let previous = -1;
  const settled = await eventually('every subgraph part present and settled', async () => {
    const state = await current();
    const ready =
      state.problems.length >= 1 &&
      state.changes.length === 2 &&
      state.notifications.length >= 1 &&
      state.metrics?.timeToAcknowledgeSeconds != null &&
      state.metrics?.downtimeSeconds != null &&
      state.notifications.length === previous;
    previous = state.notifications.length;
    return ready ? state : null;
  });
  return { incident: settled, token: tokens.manager };
}

/** Polls until `probe` returns a value (not null/undefined); 30 s at most. */
async function eventually(what, probe) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value != null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

/** One GraphQL read, body checked: a GraphQL error comes back with HTTP 200, so look for it. */
async function checkedRead(url, token, id) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables: { id } }),
  });
  const body = await response.json();
  if (response.status !== 200 || body.errors || !body.data?.incident)
    throw new Error(
      `the cross-subgraph read failed (${response.status}): ${JSON.stringify(body).slice(0, 1000)}`,
    );
  return body.data.incident;
}

/** CPU time (user + system) a process has used so far, in ms; NaN where /proc is not there (Linux only). */
function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 1/100 s (USER_HZ)
  } catch {
    return NaN;
  }
}

/**
 * Runs `work` (an autocannon run) and adds where the CPU went, per request served: in the gateway
 * process and in this one (the five services), and this event loop's delay p99 (the services' queueing).
 */
async function withCpu(gatewayPid, work) {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const services = process.cpuUsage();
  const gateway = processCpuMs(gatewayPid);
  const report = await work();
  loop.disable();
  const used = process.cpuUsage(services);
  const requests = Math.max(1, report.requests.total);
  return {
    report,
    gateway_cpu_ms_per_req: +((processCpuMs(gatewayPid) - gateway) / requests).toFixed(2),
    services_cpu_ms_per_req: +((used.user + used.system) / 1000 / requests).toFixed(2),
    services_loop_p99_ms: +(loop.percentile(99) / 1e6).toFixed(1),
  };
}

/** The fetch the gateway makes to each subgraph for this query, sent to the subgraph directly. */
function subgraphFetches(id) {
  const entities = (selection) => ({
    query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Incident { ${selection} } } }`,
    variables: { r: [{ __typename: 'Incident', id }] },
  });
  return {
    incident: { query: read(parts.incident), variables: { id } },
    problem: entities(parts.problem),
    change: entities(parts.change),
    notification: entities(parts.notification),
    analytics: entities(parts.analytics),
  };
}

async function main() {
  const startedAt = Date.now();
  const stack = await startBenchStack();
  try {
    const setUpStartedAt = Date.now();
    const { incident, token } = await setUp(stack);
    const setUpSeconds = +((Date.now() - setUpStartedAt) / 1000).toFixed(1);
    const url = stack.gateway.url;
    const counts = {
      problems: incident.problems.length,
      changes: incident.changes.length,
      notifications: incident.notifications.length,
    };
    const before = await checkedRead(url, token, incident.id);
    console.log(
      `incident ${incident.number}: ${counts.problems} problem(s), ${counts.changes} changes, ` +
        `${counts.notifications} notifications, metrics ${JSON.stringify(incident.metrics)}; ` +
        `set up in ${setUpSeconds} s`,
    );

    const request = graphqlLoad(url, token, query, { id: incident.id });
    const runs = [];
    const load = async (rate, seconds, phase) => {
      const connections = Math.max(2, Math.ceil((rate * targetP99Ms) / 1000));
      const { report, ...cpu } = await withCpu(stack.gateway.pid, () =>
        autocannon({ ...request, connections, seconds, rate }),
      );
      const run = {
        phase,
        rate,
        connections,
        seconds,
        served: report.requests.average,
        p50: report.latency.p50,
        p99: report.latency.p99,
        errors: report.non2xx + report.errors + report.timeouts,
        ...cpu,
      };
      run.held = run.p99 < targetP99Ms && run.served >= heldShare * rate && run.errors === 0;
      runs.push(run);
      return run;
    };

    // Fixed rate: warm-up, then the measured rounds.
    await load(fixedRate, warmupSeconds, 'warm-up');
    const fixed = [];
    for (let index = 0; index < rounds; index += 1) fixed.push(await load(fixedRate, roundSeconds, 'fixed'));
    const fixedFigures = [
      figure(
        `p50 at ${fixedRate} req/s`,
        'ms',
        fixed.map((run) => run.p50),
      ),
      figure(
        `p99 at ${fixedRate} req/s`,
        'ms',
        fixed.map((run) => run.p99),
        {
          text: `p99 < ${targetP99Ms} ms`,
          check: (median) => median < targetP99Ms,
        },
      ),
      figure(
        `served at ${fixedRate} req/s asked`,
        'req/s',
        fixed.map((run) => run.served),
        {
          text: `>= ${heldShare * 100}% of it`,
          check: (median) => median >= heldShare * fixedRate,
        },
      ),
    ];

    // The highest rate held: the fixed rate counts as held when its figures met their targets; then up
    // (or down, when it was not held) in steps, and one bisection between the last held and the first not.
    const fixedHeld =
      fixedFigures.every((item) => item.met !== false) && fixed.every((run) => run.errors === 0);
    let held = fixedHeld ? fixedRate : 0;
    let missed = fixedHeld ? null : fixedRate;
    if (fixedHeld) {
      for (const factor of [2, 3, 4, 6, 8, 12, 16, 24, 32]) {
        const step = await load(fixedRate * factor, stepSeconds, 'step');
        if (!step.held) {
          missed = step.rate;
          break;
        }
        held = step.rate;
      }
    } else {
      for (let rate = Math.round(fixedRate / 2); rate >= 5; rate = Math.round(rate / 2)) {
        const step = await load(rate, stepSeconds, 'step');
        if (step.held) {
          held = step.rate;
          break;
        }
        missed = step.rate;
      }
    }
    const middle = missed === null ? 0 : Math.round((held + missed) / 2 / 5) * 5;
    if (middle > held && middle < missed) {
      const step = await load(middle, stepSeconds, 'bisect');
      if (step.held) held = middle;
    }
    const confirmations = [];
    for (let index = 0; index < confirmRounds && held > 0; index += 1)
      confirmations.push(await load(held, stepSeconds, 'confirm'));

    // Where the time goes: each subgraph's own fetch for this query, sent to it directly, and the whole
    // query through the gateway; one connection, no other load.
    const breakdown = [];
    const unloaded = async (name, target, body) => {
      const { report, ...cpu } = await withCpu(stack.gateway.pid, () =>
        autocannon({
          url: target,
          headers: request.headers,
          body,
          connections: 1,
          seconds: breakdownSeconds,
        }),
      );
      breakdown.push({
        fetch: name,
        p50_ms: report.latency.p50,
        p99_ms: report.latency.p99,
        requests_per_s: Math.round(report.requests.average),
        errors: report.non2xx + report.errors + report.timeouts,
        ...cpu,
      });
    };
    const probes = subgraphFetches(incident.id);
    for (const [subgraph, body] of Object.entries(probes)) {
      const response = await fetch(stack.services[subgraph].url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...request.headers },
        body: JSON.stringify(body),
      }).then((answer) => answer.json());
      if (response.errors) throw new Error(`${subgraph} fetch failed: ${JSON.stringify(response.errors)}`);
      await unloaded(`${subgraph} subgraph directly`, stack.services[subgraph].url, body);
    }
    await unloaded('the whole query through the gateway', url, request.body);

    // The same answer after the load (a GraphQL error under load would have been a 200).
    const after = await checkedRead(url, token, incident.id);
    const unchanged = JSON.stringify(after) === JSON.stringify(before);
    const errorCount = [...runs.filter((run) => run.phase !== 'warm-up'), ...breakdown].reduce(
      (sum, run) => sum + run.errors,
      0,
    );

    const figures = [
      ...fixedFigures,
      figure(`highest rate held (p99 < ${targetP99Ms} ms)`, 'req/s', [held]),
      figure(
        `p99 at the highest rate held (${held} req/s)`,
        'ms',
        confirmations.map((run) => run.p99),
        {
          text: `p99 < ${targetP99Ms} ms`,
          check: (median) => median < targetP99Ms,
        },
      ),
      figure('errors (non-2xx, socket errors, timeouts)', 'count', [errorCount], {
        text: '0',
        check: (median) => median === 0,
      }),
      figure('same answer after the load', 'count', [unchanged ? 1 : 0], {
        text: '1 (yes)',
        check: (median) => median === 1,
      }),
    ];
    const durationSeconds = Math.round((Date.now() - startedAt) / 1000);
    console.log(
      `${query}\nfixed rate ${fixedRate} req/s: ${rounds} x ${roundSeconds} s after ${warmupSeconds} s`,
    );
    console.table(runs);
    console.table(breakdown);
    console.log(`scenario took ${durationSeconds} s`);
    writeResults('cross-subgraph-reads', {
      figures,
      query,
      data: { background, stakeholders, ...counts, metrics: incident.metrics, setUpSeconds },
      fixedRate,
      rounds,
      roundSeconds,
      warmupSeconds,
      stepSeconds,
      runs,
      breakdown,
      durationSeconds,
    });
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
