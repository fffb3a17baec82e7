import 'reflect-metadata';
import { findScheduledJob } from '@mim/scheduler';
import { type RunningService, startService } from '@mim/service-kit';
import {
  createTestDatabase,
  deleteEventTopology,
  eventually,
  graphqlRequest,
  testEventTopology,
  testServiceEnv,
  tokenFor,
} from '@mim/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { readEnv } from '../src/env';
import { slaStatusCondition } from '../src/modules/sla/sla-status-filter';
import { incidentService } from '../src/service-definition';
import { IncidentHarness, type Incident, operations, validInput } from './incident-harness';

/**
 * SLA clocks live in the incident service (real PostgreSQL and NATS): due times follow the lifecycle, the
 * service's own scheduler detects breaches nobody acts on, and each breach is one event in the stream.
 * P4 gets targets of seconds (2 s to the first response, 4 s to resolution); P3 keeps its defaults
 * (1 h / 24 h) for the tests that must not race a timer.
 */
const tightPolicies = {
  INCIDENT_SLA_POLICIES: JSON.stringify({ P4: { firstResponseSeconds: 2, resolutionSeconds: 4 } }),
};
const p4 = { impact: 'SIGNIFICANT', urgency: 'MEDIUM' };
const p3 = { impact: 'EXTENSIVE', urgency: 'MEDIUM' };

const readSla = `query($id: ID!) { incident(id: $id) {
  id status version reportedAt
  sla {
    status
    firstResponse { status targetSeconds dueAt remainingSeconds completedAt }
    resolution { status targetSeconds dueAt remainingSeconds paused completedAt }
  }
  timeline(first: 100) { nodes { kind occurredAt summary visibility actor { id } detail } }
} }`;

const listBySla = `query($statuses: [IncidentSlaStatus!]) {
  incidents(first: 100, filter: { slaStatus: $statuses }) { nodes { id } }
}`;

interface SlaClock {
  status: string;
  targetSeconds: number;
  dueAt: string | null;
  remainingSeconds: number;
  completedAt: string | null;
  paused?: boolean;
}
interface IncidentWithSla {
  id: string;
  status: string;
  version: number;
  reportedAt: string;
  sla: { status: string; firstResponse: SlaClock; resolution: SlaClock } | null;
  timeline: {
    nodes: Array<{
      kind: string;
      occurredAt: string;
      summary: string;
      visibility: string;
      actor: { id: string };
      detail: Record<string, unknown>;
    }>;
  };
}

interface StreamEvent {
  subject: string;
  type: string;
  data: { incidentId: string; metric: string; dueAt: string; detectedAt: string; priority: string };
}

/** Every SLA event in the service's stream (each suite has a stream of its own), in stream order. */
async function slaEventsInStream(service: RunningService): Promise<StreamEvent[]> {
  const stream = service.deps.env.EVENTS_STREAM;
  const jsm = await jetstreamManager(service.deps.bus.connection);
  const { state } = await jsm.streams.info(stream);
  const events: StreamEvent[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq += 1) {
    const message = await jsm.streams.getMessage(stream, { seq });
    if (!message?.subject.includes('.incident.sla_')) continue;
    events.push({ subject: message.subject, ...message.json<Omit<StreamEvent, 'subject'>>() });
  }
  return events;
}

const of = (events: StreamEvent[], incidentId: string, type: string, metric?: string) =>
  events.filter(
    (event) =>
      event.data.incidentId === incidentId &&
      event.type === type &&
      (metric === undefined || event.data.metric === metric),
  );

const natsUrl = () => process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

describe('SLA clocks (real PostgreSQL and NATS)', () => {
  let harness: IncidentHarness;
  let technician: string;

  beforeAll(async () => {
    harness = await IncidentHarness.start(tightPolicies);
    technician = await harness.token('tech-1', ['service_desk_technician'], 'Tess Tech');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const read = (id: string, service: { url: string } = harness.service) =>
    graphqlRequest<{ incident: IncidentWithSla }>(service.url, readSla, {
      token: technician,
      variables: { id },
    }).then((response) => {
      if (response.errors) throw new Error(JSON.stringify(response.errors));
      return response.data!.incident;
    });
  const idsWithSla = async (statuses: string[]) => {
    const response = await harness.call<{ incidents: { nodes: Array<{ id: string }> } }>(
      technician,
      listBySla,
      { statuses },
    );
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data!.incidents.nodes.map((node) => node.id);
  };
  const timer = (clock: 'first-response' | 'resolution', id: string) =>
    findScheduledJob(harness.service.deps.dataSource.manager, `sla:${clock}:${id}`);

  it('breaches an incident nobody touches, by the scheduler: one event per clock, timeline, status, filter', async () => {
    const created = await harness.create(technician, p4);
    expect(created.priority).toBe('P4');
    const fresh = await read(created.id);
    expect(fresh.sla).toMatchObject({
      status: 'ON_TRACK',
      firstResponse: { status: 'ON_TRACK', targetSeconds: 2, completedAt: null },
      resolution: { status: 'ON_TRACK', targetSeconds: 4, paused: false },
    });
    const reportedAt = Date.parse(fresh.reportedAt);
    expect(Date.parse(fresh.sla!.firstResponse.dueAt!)).toBe(reportedAt + 2000);
    expect(Date.parse(fresh.sla!.resolution.dueAt!)).toBe(reportedAt + 4000);

    const events = await eventually(async () => {
      const found = await slaEventsInStream(harness.service);
      expect(of(found, created.id, 'incident.sla_breached')).toHaveLength(2);
      return found;
    });
    // Exactly once per clock, each detected at or after its due time.
    for (const metric of ['FIRST_RESPONSE', 'RESOLUTION']) {
      const [breach, ...more] = of(events, created.id, 'incident.sla_breached', metric);
      expect(more).toEqual([]);
      expect(breach?.data).toMatchObject({ priority: 'P4', number: created.number });
      expect(Date.parse(breach!.data.detectedAt)).toBeGreaterThanOrEqual(Date.parse(breach!.data.dueAt));
      // The at-risk instant (80 % of the target) comes first, unless the timer was too late for it.
      expect(of(events, created.id, 'incident.sla_at_risk', metric).length).toBeLessThanOrEqual(1);
    }
    expect(Date.parse(of(events, created.id, 'incident.sla_breached', 'RESOLUTION')[0]!.data.dueAt)).toBe(
      reportedAt + 4000,
    );

    const breached = await read(created.id);
    expect(breached.sla).toMatchObject({
      status: 'BREACHED',
      firstResponse: { status: 'BREACHED', completedAt: null },
      resolution: { status: 'BREACHED', paused: false },
    });
    expect(breached.sla!.resolution.remainingSeconds).toBeLessThanOrEqual(0);
    const entries = breached.timeline.nodes.filter((node) => node.kind === 'sla_breached');
    expect(entries.map((entry) => entry.detail.metric)).toEqual(['FIRST_RESPONSE', 'RESOLUTION']);
    expect(entries[0]).toMatchObject({ visibility: 'INTERNAL', actor: { id: 'system:sla' } });
    expect(entries[0]!.summary).toMatch(/^First response target \(2 s, P4\) breached: due /);
    expect(breached.version).toBe(created.version); // the SLA is derived: no edit of the incident

    // Nothing left to fire: a later look could not announce it again.
    expect(await timer('first-response', created.id)).toBeNull();
    expect(await timer('resolution', created.id)).toBeNull();
    expect(await idsWithSla(['BREACHED'])).toContain(created.id);
    expect(await idsWithSla(['ON_TRACK', 'AT_RISK', 'MET', 'PAUSED'])).not.toContain(created.id);
  });

  it('marks the first response MET when acknowledged in time and cancels its timer', async () => {
    const created = await harness.create(technician, p3);
    const reportedAt = Date.parse((await read(created.id)).reportedAt);
    // Each clock's timer waits for its at-risk instant: 80 % of 1 h, and of 24 h.
    expect((await timer('first-response', created.id))?.runAt.getTime()).toBe(reportedAt + 48 * 60_000);
    expect((await timer('resolution', created.id))?.runAt.getTime()).toBe(reportedAt + 0.8 * 86_400_000);
    expect(await idsWithSla(['ON_TRACK'])).toContain(created.id);

    const acknowledged = await harness.ok<Incident>(technician, operations.acknowledge, {
      id: created.id,
      v: created.version,
    });
    const incident = await read(created.id);
    expect(incident.sla).toMatchObject({
      status: 'ON_TRACK',
      firstResponse: { status: 'MET', completedAt: expect.any(String) },
      resolution: { status: 'ON_TRACK', completedAt: null },
    });
    const answeredAfter = Date.parse(incident.sla!.firstResponse.completedAt!) - reportedAt;
    expect(incident.sla!.firstResponse.remainingSeconds).toBe(3600 - Math.floor(answeredAfter / 1000));
    expect(await timer('first-response', created.id)).toBeNull();
    expect(await timer('resolution', created.id)).not.toBeNull();
    expect(acknowledged.version).toBe(created.version + 1);
    expect(incident.timeline.nodes.filter((node) => node.kind.startsWith('sla_'))).toEqual([]);
  });

  it('pauses the resolution clock on hold: due time shifted by the time on hold, timer gone meanwhile', async () => {
    const created = await harness.create(technician, p3);
    const acknowledged = await harness.ok<Incident>(technician, operations.acknowledge, {
      id: created.id,
      v: created.version,
    });
    const before = await read(created.id);
    const dueBefore = Date.parse(before.sla!.resolution.dueAt!);

    const held = await harness.ok<Incident>(technician, operations.hold, {
      input: { id: created.id, expectedVersion: acknowledged.version, reason: 'AWAITING_USER' },
    });
    const onHold = await read(created.id);
    expect(onHold.sla).toMatchObject({
      status: 'PAUSED',
      resolution: { status: 'ON_TRACK', paused: true, dueAt: null },
    });
    expect(await timer('resolution', created.id)).toBeNull();
    expect(await idsWithSla(['PAUSED'])).toContain(created.id);
    await sleep(50); // some time on hold, whatever it is: the shift must equal it to the millisecond

    await harness.ok(technician, operations.resume, { id: created.id, v: held.version });
    const resumed = await read(created.id);
    const transitions = resumed.timeline.nodes.filter((node) => node.kind === 'status_changed');
    const holdStart = Date.parse(transitions.find((node) => node.detail.to === 'ON_HOLD')!.occurredAt);
    const holdEnd = Date.parse(transitions.find((node) => node.detail.from === 'ON_HOLD')!.occurredAt);
    expect(holdEnd - holdStart).toBeGreaterThanOrEqual(50);
    expect(resumed.sla).toMatchObject({ status: 'ON_TRACK', resolution: { paused: false } });
    expect(Date.parse(resumed.sla!.resolution.dueAt!)).toBe(dueBefore + (holdEnd - holdStart));
    const resolutionTimer = await timer('resolution', created.id);
    expect(resolutionTimer?.runAt.getTime()).toBe(dueBefore + (holdEnd - holdStart) - 0.2 * 86_400_000);
    expect(await idsWithSla(['PAUSED'])).not.toContain(created.id);
  });

  it('moves the clocks to the targets of a new priority, timers included', async () => {
    const created = await harness.create(technician, p3);
    const reportedAt = Date.parse((await read(created.id)).reportedAt);
    await harness.ok(technician, operations.reclassify, {
      input: { id: created.id, expectedVersion: created.version, ...p4, reason: 'Only one team affected' },
    });
    const incident = await read(created.id);
    expect(incident.sla).toMatchObject({
      firstResponse: { targetSeconds: 2 },
      resolution: { targetSeconds: 4 },
    });
    expect(Date.parse(incident.sla!.firstResponse.dueAt!)).toBe(reportedAt + 2000);
    // The timer moved from the P3 at-risk instant (48 min) to P4's (1.6 s), or has already fired.
    const moved = await timer('first-response', created.id);
    if (moved) expect(moved.runAt.getTime()).toBeLessThanOrEqual(reportedAt + 2000);
    await eventually(async () => expect((await read(created.id)).sla?.status).toBe('BREACHED'));
  });

  it('emits each breach once with two service instances on one database and stream', async () => {
    const second: RunningService = await startService(incidentService, harness.service.deps.env);
    try {
      const created: Incident[] = [];
      for (const [index, service] of [harness.service, second, harness.service, second].entries()) {
        const response = await graphqlRequest<{ createIncident: Incident }>(service.url, operations.create, {
          token: technician,
          variables: { input: { ...validInput, ...p4, title: `Replica ${index}` } },
        });
        if (response.errors) throw new Error(JSON.stringify(response.errors));
        created.push(response.data!.createIncident);
      }
      const events = await eventually(async () => {
        const found = await slaEventsInStream(harness.service);
        for (const incident of created)
          expect(of(found, incident.id, 'incident.sla_breached')).toHaveLength(2);
        return found;
      });
      for (const incident of created) {
        for (const metric of ['FIRST_RESPONSE', 'RESOLUTION']) {
          expect(of(events, incident.id, 'incident.sla_breached', metric)).toHaveLength(1);
          expect(of(events, incident.id, 'incident.sla_at_risk', metric).length).toBeLessThanOrEqual(1);
        }
        const timeline = (await read(incident.id, second)).timeline.nodes;
        expect(timeline.filter((node) => node.kind === 'sla_breached')).toHaveLength(2);
      }
    } finally {
      await second.stop();
    }
  });
});

describe('SLA timers across a restart (real PostgreSQL and NATS)', () => {
  it('fires a breach that fell due while the service was stopped, once, after it starts again', async () => {
    const database = await createTestDatabase('incident-sla-restart');
    const topology = testEventTopology();
    const env = readEnv(
      testServiceEnv({ databaseUrl: database.url, topology, natsUrl: natsUrl(), overrides: tightPolicies }),
    );
    const technician = await tokenFor('tech-1', ['service_desk_technician'], { name: 'Tess Tech' });
    let service: RunningService | null = await startService(incidentService, env);
    const sql = new Client({ connectionString: database.url });
    try {
      const response = await graphqlRequest<{ createIncident: Incident }>(service.url, operations.create, {
        token: technician,
        variables: { input: { ...validInput, ...p4 } },
      });
      if (response.errors) throw new Error(JSON.stringify(response.errors));
      const created = response.data!.createIncident;
      await service.stop();
      service = null;

      // Both due times pass while no scheduler runs.
      await sql.connect();
      const [row] = (
        await sql.query<{ reported_at: Date; sla_status: string }>(
          `SELECT reported_at, sla_status FROM incident WHERE id = $1`,
          [created.id],
        )
      ).rows;
      await sleep(row!.reported_at.getTime() + 4000 + 100 - Date.now());
      const announced = await sql.query(
        `SELECT 1 FROM outbox_message WHERE subject LIKE '%incident.sla_%' AND envelope->'data'->>'incidentId' = $1`,
        [created.id],
      );
      expect(announced.rows).toEqual([]);
      // The stored status is stale (no timer ran), yet the filter is exact: it compares due times with now().
      expect(row!.sla_status).toBe('ON_TRACK');
      const breachedNow = await sql.query(
        `SELECT id FROM incident WHERE ${slaStatusCondition(['BREACHED'])}`,
      );
      expect(breachedNow.rows).toEqual([{ id: created.id }]);

      const restartedAt = Date.now();
      service = await startService(incidentService, env);
      const restarted = service;
      const events = await eventually(async () => {
        const found = await slaEventsInStream(restarted);
        expect(of(found, created.id, 'incident.sla_breached')).toHaveLength(2);
        return found;
      });
      for (const metric of ['FIRST_RESPONSE', 'RESOLUTION']) {
        const breaches = of(events, created.id, 'incident.sla_breached', metric);
        expect(breaches).toHaveLength(1);
        expect(Date.parse(breaches[0]!.data.detectedAt)).toBeGreaterThanOrEqual(restartedAt);
      }
      // Straight to breached: the at-risk instants passed unobserved and are not announced late.
      expect(of(events, created.id, 'incident.sla_at_risk')).toEqual([]);
      const pending = await sql.query(`SELECT key FROM scheduled_job`);
      expect(pending.rows).toEqual([]);
    } finally {
      await sql.end().catch(() => undefined);
      await service?.stop();
      await database.drop();
      await deleteEventTopology(topology, natsUrl());
    }
  });
});
