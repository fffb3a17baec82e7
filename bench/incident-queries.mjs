#!/usr/bin/env node
// Benchmark: incident list queries at 100,000+ incidents (issue 3: "stays fast", measured here, never in
// a timed test). Seeds a fresh database in bulk, starts the real incident service in-process (built
// output), then sends each query shape repeatedly over real HTTP, one request at a time. A round is one
// pass of REQUESTS requests per shape; after a warm-up round, ROUNDS measured rounds, whose per-round
// p50/p95/p99 become the figures. No target is stated for it.
//
//   npm run bench -- incident-queries    (INCIDENTS=100000 REQUESTS=200 ROUNDS=3 WARMUPS=1 change the sizes)
import { createRequire } from 'node:module';
import path from 'node:path';
import { isolatedEnvironment, percentile, root } from './lib/stack.mjs';
import { figure, measureRounds, roundSettings } from './lib/figures.mjs';
import { writeResults } from './lib/results.mjs';

const require = createRequire(import.meta.url);
require('reflect-metadata');
const { Client } = require('pg');
const { startService } = require(path.join(root, 'packages/service-kit/dist/index.js'));
const { signDevelopmentToken } = require(path.join(root, 'packages/auth/dist/index.js'));
const { incidentService, readEnv } = require(path.join(root, 'services/incident/dist/index.js'));

const incidents = Number(process.env.INCIDENTS ?? 100_000);
const requests = Number(process.env.REQUESTS ?? 200);
const rounds = roundSettings({ warmups: 1, count: 3 });

async function main() {
  const environment = isolatedEnvironment();
  const databaseUrl = await environment.createDatabase('incident');
  const service = await startService(
    incidentService,
    readEnv({ ...environment.common, DATABASE_URL: databaseUrl }),
  );
  const token = await signDevelopmentToken(
    { subject: 'bench', roles: ['service_desk_technician'] },
    environment.auth,
  );
  const call = async (query, variables = {}) => {
    const response = await fetch(service.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  try {
    // One real incident through the API, then bulk copies of it with varied fields (fast, like a restore).
    const template = await call(
      `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`,
      {
        input: {
          title: 'Template',
          description: 'Seed',
          channel: 'PHONE',
          impact: 'MODERATE',
          urgency: 'MEDIUM',
        },
      },
    );
    const seedStarted = Date.now();
    const db = new Client({ connectionString: databaseUrl });
    db.on('error', () => undefined); // the database is dropped at the end, whatever happened
    await db.connect();
    const { rows: columns } = await db.query(
      `SELECT column_name FROM information_schema.columns
       WHERE table_name = 'incident' AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    );
    const overrides = {
      id: 'gen_random_uuid()',
      number: `'INC-' || lpad((g + 1)::text, 7, '0')`,
      title: `(ARRAY['Checkout returns 502','VPN drops every hour','Printer queue stuck','Disk full on db node','Login page slow','Email not delivered'])[1 + g % 6] || ' #' || g`,
      description: `'Reported by user ' || (g % 5000) || ': ' || md5(g::text)`,
      status: `(ARRAY['NEW','ACKNOWLEDGED','IN_PROGRESS','ON_HOLD','RESOLVED','CLOSED'])[1 + g % 6]`,
      priority: `'P' || (1 + g % 5)`,
      channel: `(ARRAY['PORTAL','EMAIL','PHONE','MONITORING','CHAT','API'])[1 + g % 6]`,
      affected_services: `ARRAY['service-' || (g % 40)]`,
      reporter_id: `'user-' || (g % 5000)`,
      reported_at: `now() - (g || ' minutes')::interval`,
      created_at: `now() - (g || ' minutes')::interval`,
      assignee_id: `CASE WHEN g % 3 = 0 THEN 'tech-' || (g % 50) ELSE NULL END`,
      assignment_group: `'group-' || (g % 12)`,
      hold_reason: `CASE WHEN g % 6 = 3 THEN 'AWAITING_USER' ELSE NULL END`,
      // SLA columns consistent with the status above (g % 6: 0 new ... 3 on hold, 4 resolved, 5 closed).
      sla_status: `CASE WHEN g % 6 >= 4 THEN 'MET' WHEN g % 6 = 3 THEN 'PAUSED' ELSE 'ON_TRACK' END`,
      first_response_due_at: `CASE WHEN g % 6 = 0 THEN now() - (g || ' minutes')::interval + interval '3 hours' END`,
      resolution_due_at: `CASE WHEN g % 6 < 3 THEN now() - (g || ' minutes')::interval + interval '24 hours' END`,
      sla_at_risk_at: `CASE WHEN g % 6 < 3 THEN now() - (g || ' minutes')::interval + interval '19 hours' END`,
    };
    const select = columns.map(({ column_name: name }) => overrides[name] ?? `t.${name}`).join(', ');
    await db.query(
      `INSERT INTO incident (${columns.map((c) => c.column_name).join(', ')})
       SELECT ${select} FROM incident t, generate_series(1, $1) g WHERE t.id = $2`,
      [incidents, template.createIncident.id],
    );
    await db.query('ANALYZE incident');
    await db.end();
    const seedSeconds = +((Date.now() - seedStarted) / 1000).toFixed(1);
    console.log(`seeded ${incidents} incidents in ${seedSeconds} s`);

    const shapeQueries = {
      'newest page (no filter)': `{ incidents(first: 50) { nodes { id number priority status } } }`,
      'status + priority filter': `{ incidents(first: 50, filter: { status: [NEW, IN_PROGRESS], priority: [P1, P2] }) { nodes { id } } }`,
      'service filter': `{ incidents(first: 50, filter: { service: "service-7" }) { nodes { id } } }`,
      'full-text search': `{ incidents(first: 50, filter: { search: "printer stuck" }) { nodes { id } } }`,
      'priority sort': `{ incidents(first: 50, sort: PRIORITY) { nodes { id } } }`,
      'assignee + group filter': `{ incidents(first: 50, filter: { assigneeId: "tech-3", assignmentGroup: "group-3" }) { nodes { id } } }`,
      'SLA status filter': `{ incidents(first: 50, filter: { slaStatus: [BREACHED, AT_RISK] }) { nodes { id } } }`,
    };
    const shapes = Object.entries(shapeQueries);
    const rows = {};
    for (const [name, query] of shapes) rows[name] = (await call(query)).incidents.nodes.length;
    // One pass of REQUESTS requests per shape is a round; each round's percentiles are one value each.
    const measured = await measureRounds(rounds, async ({ warmup }) => {
      const round = {};
      for (const [name, query] of shapes) {
        const timings = [];
        for (let i = 0; i < (warmup ? Math.min(requests, 20) : requests); i += 1) {
          const started = process.hrtime.bigint();
          await call(query);
          timings.push(Number(process.hrtime.bigint() - started) / 1e6);
        }
        timings.sort((a, b) => a - b);
        round[name] = Object.fromEntries(
          [50, 95, 99].map((p) => [`p${p}`, +percentile(timings, p).toFixed(2)]),
        );
      }
      return round;
    });
    const figures = shapes.flatMap(([name]) =>
      ['p50', 'p95', 'p99'].map((p) =>
        figure(
          `${name}: ${p}`,
          'ms',
          measured.map((round) => round[name][p]),
        ),
      ),
    );
    writeResults('incident-queries', {
      figures,
      incidents,
      seedSeconds,
      requestsPerShapePerRound: requests,
      warmups: rounds.warmups,
      rowsPerShape: rows,
      rounds: measured,
    });
  } finally {
    await service.stop();
    await environment.cleanUp();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
