#!/usr/bin/env node
// Benchmark: sustained webhook fan-out of the notification service (issue 7). The real service runs in
// this process (built output, fresh database, private stream); the receiver is a separate process on
// loopback. A round: DECLARATIONS major incident declarations, published as the incident service would,
// each reach a technical team with ENDPOINTS webhook endpoints through the default rule: DECLARATIONS x
// ENDPOINTS signed webhook calls. After a warm-up round, ROUNDS measured rounds (fresh incidents each,
// same service and endpoints). Reports the rate from the first declaration published to the last call
// received, and checks that every delivery arrived exactly once with a valid signature (targets: 0 lost,
// 0 duplicated, in every round).
//
//   npm run bench -- notification-webhooks   (DECLARATIONS=100 ENDPOINTS=100 ROUNDS=3 WARMUPS=1)
import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isolatedEnvironment, natsUrl, percentile, root } from './lib/stack.mjs';
import { exactly, figure, measureRounds, roundSettings } from './lib/figures.mjs';
import { writeResults } from './lib/results.mjs';

const require = createRequire(import.meta.url);
require('reflect-metadata');
const { connect } = require('@nats-io/transport-node');
const { jetstream } = require('@nats-io/jetstream');
const { startService } = require(path.join(root, 'packages/service-kit/dist/index.js'));
const { newEvent } = require(path.join(root, 'packages/messaging/dist/index.js'));
const { incidentCreatedV1, incidentMajorDeclaredV1 } = require(
  path.join(root, 'packages/contracts/dist/index.js'),
);
const { notificationService, readEnv } = require(path.join(root, 'services/notification/dist/index.js'));

const declarations = Number(process.env.DECLARATIONS ?? 100);
const endpoints = Number(process.env.ENDPOINTS ?? 100);
const expected = declarations * endpoints;
const rounds = roundSettings({ warmups: 1, count: 3 });
const secret = `whsec_${randomBytes(24).toString('base64url')}`;

function ask(child, type) {
  return new Promise((resolve) => {
    const listener = (message) => {
      if (message.type === type) {
        child.off('message', listener);
        resolve(message);
      }
    };
    child.on('message', listener);
    child.send({ type });
  });
}

async function main() {
  const environment = isolatedEnvironment();
  const prefix = environment.events.EVENTS_SUBJECT_PREFIX;
  const databaseUrl = await environment.createDatabase('notification');

  const receiver = fork(path.join(root, 'bench/clients/webhook-receiver.mjs'), [JSON.stringify({ secret })]);
  const { port } = await new Promise((resolve) => receiver.once('message', resolve));
  const stopReceiver = () => {
    const exited = new Promise((resolve) => receiver.once('exit', resolve));
    receiver.send({ type: 'stop' });
    return exited;
  };
  const service = await startService(
    notificationService,
    readEnv({ ...environment.common, DATABASE_URL: databaseUrl }),
  ).catch(async (error) => {
    await stopReceiver();
    await environment.cleanUp();
    throw error;
  });
  const nats = await connect({ servers: natsUrl });
  try {
    const db = service.deps.dataSource;
    // The technical team of the service, as an administrator sets it up: webhooks only, no members.
    const groupId = randomUUID();
    await db.query(
      `INSERT INTO stakeholder_group (id, name, kind, services) VALUES ($1, 'Checkout SRE', 'TECHNICAL_TEAM', '{checkout}')`,
      [groupId],
    );
    for (let index = 0; index < endpoints; index += 1) {
      await db.query(
        `INSERT INTO webhook_endpoint (id, group_id, name, url, format, secret) VALUES ($1, $2, $3, $4, 'GENERIC', $5)`,
        [randomUUID(), groupId, `hook-${index}`, `http://127.0.0.1:${port}/hooks/${index}`, secret],
      );
    }

    const js = jetstream(nats);
    const publish = (event) => {
      const { subject, ...envelope } = event;
      return js.publish(`${prefix}.${subject}`, JSON.stringify(envelope), { msgID: event.id });
    };
    let declared = 0;
    const measured = await measureRounds(rounds, async ({ warmup, index }) => {
      const incidents = Array.from({ length: declarations }, () => {
        declared += 1;
        const incidentId = randomUUID();
        const number = `INC-${String(declared).padStart(6, '0')}`;
        const common = { aggregateId: incidentId, actor: { kind: 'system', id: 'bench' } };
        return {
          incidentId,
          created: newEvent(incidentCreatedV1, {
            ...common,
            aggregateVersion: 1,
            correlationId: `bench-${declared}`,
            data: { ...incidentCreatedV1.example, incidentId, number, affectedServices: ['checkout'] },
          }),
          declared: newEvent(incidentMajorDeclaredV1, {
            ...common,
            aggregateVersion: 2,
            correlationId: `bench-${declared}`,
            data: { ...incidentMajorDeclaredV1.example, incidentId, number },
          }),
        };
      });
      for (const { created } of incidents) await publish(created);
      await ask(receiver, 'reset');

      const startedAt = Date.now();
      for (const incident of incidents) await publish(incident.declared);
      const deadline = startedAt + 5 * 60_000;
      let stats;
      for (;;) {
        stats = await ask(receiver, 'stats');
        if (stats.unique >= expected || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      // Anything still in flight would show as a duplicate now.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      stats = await ask(receiver, 'stats');
      const ids = incidents.map((incident) => incident.incidentId);
      const [rows] = await db.query(
        `SELECT count(*) FILTER (WHERE status = 'SENT')::int AS sent,
                count(*) FILTER (WHERE attempts > 1)::int AS retried
         FROM notification WHERE channel = 'WEBHOOK' AND incident_id = ANY($1::uuid[])`,
        [ids],
      );
      const latency = await db.query(
        `SELECT extract(epoch FROM (sent_at - created_at)) * 1000 AS ms FROM notification
         WHERE channel = 'WEBHOOK' AND sent_at IS NOT NULL AND incident_id = ANY($1::uuid[]) ORDER BY 1`,
        [ids],
      );
      const sorted = latency.map((row) => Number(row.ms));
      const seconds = ((stats.lastAt ?? Date.now()) - startedAt) / 1000;
      const round = {
        expected,
        received: stats.unique,
        lost: expected - stats.unique,
        duplicates: stats.duplicates,
        badSignatures: stats.badSignatures,
        sentInDatabase: rows.sent,
        notSent: expected - rows.sent,
        retried: rows.retried,
        seconds: Number(seconds.toFixed(2)),
        deliveriesPerSecond: Math.round(stats.unique / seconds),
        plannedToSentMs: { p50: Math.round(percentile(sorted, 50)), p99: Math.round(percentile(sorted, 99)) },
      };
      console.log(
        `${warmup ? 'warm-up' : `round ${index + 1}`}: ${round.received}/${expected} received, ${round.duplicates} duplicated, ${round.badSignatures} bad signatures in ${round.seconds} s (${round.deliveriesPerSecond} calls/s)`,
      );
      return round;
    });
    const of = (key) => measured.map((round) => round[key]);
    const figures = [
      figure('rate, first declaration to last call', 'calls/s', of('deliveriesPerSecond')),
      figure('time, first declaration to last call', 's', of('seconds')),
      figure(
        'planned → sent p50',
        'ms',
        measured.map((round) => round.plannedToSentMs.p50),
      ),
      figure(
        'planned → sent p99',
        'ms',
        measured.map((round) => round.plannedToSentMs.p99),
      ),
      figure(`lost (of ${expected} per round)`, 'count', of('lost'), exactly(0)),
      figure('duplicated', 'count', of('duplicates'), exactly(0)),
      figure('bad signatures', 'count', of('badSignatures'), exactly(0)),
      figure('not marked sent in the database', 'count', of('notSent'), exactly(0)),
    ];
    writeResults('notification-webhooks', {
      figures,
      declarations,
      endpoints,
      expectedPerRound: expected,
      warmups: rounds.warmups,
      rounds: measured,
    });
  } finally {
    await service.stop();
    await stopReceiver();
    await nats.close();
    await environment.cleanUp();
  }
}

await main();
