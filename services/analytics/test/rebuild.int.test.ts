import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import {
  type IncidentStatus,
  incidentAssignedV1,
  incidentCreatedV1,
  incidentEscalatedV1,
  incidentMajorDeclaredV1,
  incidentPriorityChangedV1,
  incidentServiceRestoredV1,
  incidentSlaAtRiskV1,
  incidentSlaBreachedV1,
  incidentStatusChangedV1,
} from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import type { RunningService } from '@mim/service-kit';
import {
  type TestService,
  eventually,
  graphqlRequest,
  publishEvent,
  startTestService,
  tokenFor,
} from '@mim/testing';
import { type AnalyticsEnv, readEnv } from '../src/env';
import { createProjectionRebuild } from '../src/modules/rebuild/rebuild.module';
import type { ProjectionRebuild } from '../src/modules/rebuild/rebuild.service';
import { analyticsService } from '../src/service-definition';

type Published = { subject: string; id: string };
type Row = Record<string, unknown>;

const rebuildMutation = `mutation { rebuildAnalytics {
  eventsReplayed incidents replayedToSequence durationMs generation
} }`;

describe('rebuild of the analytics projection (real PostgreSQL and NATS)', () => {
  let testService: TestService<AnalyticsEnv>;
  let service: RunningService<AnalyticsEnv>;
  let rebuild: ProjectionRebuild;
  /** Distinct event ids published to the projected subjects: the inbox rows the live path ends with. */
  const distinctEvents = new Set<string>();
  /** Every message published to the projected subjects, duplicates included: what a rebuild replays. */
  let projectedMessages = 0;
  let numbers = 0;

  beforeAll(async () => {
    testService = await startTestService(analyticsService, readEnv, { label: 'analytics_rebuild' });
    ({ service } = testService);
    const { dataSource, env, logger } = service.deps;
    rebuild = createProjectionRebuild({ dataSource, env, logger });
  });

  afterAll(async () => {
    await testService?.stop();
  });

  it('rebuilds from the event history exactly the rows the live consumers wrote, and bumps the generation', async () => {
    await publishVariedHistory();
    await liveCaughtUp();
    const before = await snapshot();
    const indexesBefore = await indexNames();
    const { max: maxRevisionBefore } = await one<{ max: string }>(
      `SELECT max(revision)::text AS max FROM incident_metrics`,
    );

    const result = await rebuild.run();

    expect(await snapshot()).toEqual(before);
    expect(before.length).toBe(5);
    expect(result).toMatchObject({
      incidents: before.length,
      eventsReplayed: projectedMessages,
      replayedToSequence: (await service.deps.bus.jsm.streams.info(testService.topology.stream)).state
        .last_seq,
      generation: 2,
    });
    expect(await projectionState()).toMatchObject({
      generation: 2,
      replayed_to_sequence: String(result.replayedToSequence),
    });
    // Same table shape (indexes under their canonical names), revisions still from the one sequence.
    expect(await indexNames()).toEqual(indexesBefore);
    const { min } = await one<{ min: string }>(`SELECT min(revision)::text AS min FROM incident_metrics`);
    expect(BigInt(min)).toBeGreaterThan(BigInt(maxRevisionBefore));
    // The live path goes on writing into the new table.
    const later = created('2022-03-01T09:00:00Z');
    await publish(later);
    await publish(changed(later, 2, 'NEW', 'IN_PROGRESS', 120));
    await eventually(async () => expect((await rowOf(later.data.incidentId))?.status).toBe('IN_PROGRESS'));
  });

  it('loses no event published while it runs, before the lock or behind it, and ends where the live path does', async () => {
    await liveCaughtUp();
    const x = created('2022-04-01T08:00:00Z');
    await publish(x);
    await liveCaughtUp();
    const y = created('2022-04-02T08:00:00Z');
    const z = created('2022-04-03T08:00:00Z');
    let blockedConsumers = 0;

    const result = await rebuild.run({
      // After the history is in the shadow table, before the lock: the live path applies these to the old
      // table, and the tail replay carries them into the new one.
      afterReplay: async () => {
        await publish(changed(x, 2, 'NEW', 'ACKNOWLEDGED', 60));
        await publish(y);
        await liveCaughtUp();
      },
      // Behind the lock, after the tail was read: only the live consumers can apply these, once the new
      // table is in place. They wait on the lock meanwhile (seen in pg_locks), delayed but not lost.
      whileLocked: async () => {
        await publish(changed(x, 3, 'ACKNOWLEDGED', 'RESOLVED', 3600));
        await publish(z);
        await eventually(async () => {
          const { waiting } = await one<{ waiting: number }>(
            `SELECT count(*)::int AS waiting FROM pg_locks
              WHERE NOT granted AND relation = 'incident_metrics'::regclass`,
          );
          expect(waiting).toBeGreaterThanOrEqual(2);
          blockedConsumers = waiting;
        });
      },
    });
    expect(blockedConsumers).toBeGreaterThanOrEqual(2);
    expect(result.generation).toBe(3);

    await liveCaughtUp();
    expect(await rowOf(x.data.incidentId)).toMatchObject({
      status: 'RESOLVED',
      acknowledged_at: new Date('2022-04-01T08:01:00Z'),
      resolved_at: new Date('2022-04-01T09:00:00Z'),
    });
    expect(await rowOf(y.data.incidentId)).toMatchObject({ status: 'NEW', number: y.data.number });
    expect(await rowOf(z.data.incidentId)).toMatchObject({ status: 'NEW', number: z.data.number });

    // What the live path made of it all equals a rebuild from the whole history, done in quiet.
    const live = await snapshot();
    const again = await rebuild.run();
    expect(again.replayedToSequence).toBeGreaterThan(result.replayedToSequence);
    expect(await snapshot()).toEqual(live);
  });

  it('is a mutation for admins only; a second rebuild while one runs is a CONFLICT', async () => {
    for (const roles of [['analyst'], ['major_incident_manager'], ['problem_manager']] as const) {
      const response = await graphqlRequest(service.url, rebuildMutation, {
        token: await tokenFor('u', [...roles]),
      });
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const { generation } = await projectionState();
    const before = await snapshot();
    const admin = await tokenFor('root', ['admin']);

    let concurrent: Awaited<ReturnType<typeof graphqlRequest>> | undefined;
    await rebuild.run({
      afterReplay: async () => {
        concurrent = await graphqlRequest(service.url, rebuildMutation, { token: admin });
      },
    });
    expect(concurrent?.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const response = await graphqlRequest<{ rebuildAnalytics: Record<string, number> }>(
      service.url,
      rebuildMutation,
      { token: admin },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.rebuildAnalytics).toMatchObject({
      incidents: before.length,
      eventsReplayed: projectedMessages,
      generation: generation + 2,
    });
    expect(await snapshot()).toEqual(before);
  });

  /**
   * Five incidents through all eight projected events (and one the projection ignores): out of order,
   * some published twice under new message ids (the inbox stops those live; the rebuild replays them).
   */
  async function publishVariedHistory(): Promise<void> {
    const a = created('2022-01-10T10:00:00Z', { failureStartedSeconds: -600 });
    const b = created('2022-01-11T10:00:00Z', { priority: 'P4' });
    const c = created('2022-01-12T10:00:00Z', { kind: 'SERVICE_REQUEST' });
    const d = created('2022-01-13T10:00:00Z');
    const e = created('2022-01-14T10:00:00Z', { failureStartedSeconds: -60 });
    const events: Published[] = [
      // a: a major incident, restored then resolved, reopened and resolved again; status before created.
      changed(a, 2, 'NEW', 'ACKNOWLEDGED', 120),
      a,
      majorDeclared(a, 3, 300),
      assigned(a, 4, 'L2', 'network-operations', 400),
      restored(a, 1800),
      changed(a, 6, 'IN_PROGRESS', 'RESOLVED', 3600),
      changed(a, 5, 'ACKNOWLEDGED', 'IN_PROGRESS', 600),
      changed(a, 7, 'RESOLVED', 'IN_PROGRESS', 4000, { major: true }),
      changed(a, 8, 'IN_PROGRESS', 'RESOLVED', 5000, { major: true }),
      // b: priority raised after an escalation arrived first; both SLA clocks breached.
      escalated(b, 3, 'L1', 'L2', 'service-desk-2', 900),
      prioritized(b, 2, 'P4', 'P2', 600),
      b,
      breached(b, 4, 'FIRST_RESPONSE', 3600),
      breached(b, 5, 'RESOLUTION', 7200),
      atRisk(b, 3000),
      // c: a service request resolved outright.
      c,
      changed(c, 2, 'NEW', 'RESOLVED', 50),
      // d: only created, then cancelled.
      d,
      changed(d, 2, 'NEW', 'CANCELLED', 30),
      // e: assigned twice, the older assignment last.
      e,
      assigned(e, 3, 'L3', 'db-team', 500),
      assigned(e, 2, 'L2', 'ops', 300),
      changed(e, 4, 'NEW', 'IN_PROGRESS', 700),
    ];
    for (const event of events) await publish(event);
    for (const event of [events[1], events[5], events[12], events[21]])
      await publish(event!, `${event!.id}-again`);
  }

  /** Every distinct event published so far is in the inbox: the live consumers applied them all. */
  async function liveCaughtUp(): Promise<void> {
    await eventually(
      async () => {
        const { count } = await one<{ count: number }>(`SELECT count(*)::int AS count FROM inbox_message`);
        expect(count).toBe(distinctEvents.size);
      },
      { timeoutMs: 20_000 },
    );
  }

  async function publish(event: Published, msgID?: string): Promise<void> {
    if (event.subject !== incidentSlaAtRiskV1.subject) {
      distinctEvents.add(event.id);
      projectedMessages += 1;
    }
    await publishEvent(service.deps.bus, event, msgID);
  }

  /** Every row, every merged column (not revision / updated_at), in a stable order. */
  async function snapshot(): Promise<Row[]> {
    return sql<Row>(
      `SELECT incident_id, number, kind, priority, channel, affected_services, category, support_tier, team,
              major, major_declared_at, service_restored_at, first_response_breached, resolution_breached,
              reported_at, failure_started_at, acknowledged_at, resolved_at, resolution_version, status,
              last_aggregate_version, priority_version, ownership_version, last_event_at
         FROM incident_metrics ORDER BY incident_id`,
    );
  }

  async function rowOf(incidentId: string): Promise<Row | undefined> {
    return (await snapshot()).find((row) => row.incident_id === incidentId);
  }

  async function indexNames(): Promise<string[]> {
    const rows = await sql<{ name: string }>(
      `SELECT indexname AS name FROM pg_indexes WHERE tablename = 'incident_metrics' ORDER BY indexname`,
    );
    return rows.map((row) => row.name);
  }

  async function projectionState(): Promise<{ generation: number; replayed_to_sequence: string | null }> {
    return one<{ generation: number; replayed_to_sequence: string | null }>(
      `SELECT generation, replayed_to_sequence FROM projection_state WHERE name = 'incident_metrics'`,
    );
  }

  async function one<T>(text: string): Promise<T> {
    const [row] = await sql<T>(text);
    if (row === undefined) throw new Error(`no row: ${text}`);
    return row;
  }

  function sql<T>(text: string, parameters: unknown[] = []): Promise<T[]> {
    return service.deps.dataSource.query<T[]>(text, parameters);
  }

  // Factories: envelopes as the incident service writes them, each validated by its contract.

  function created(
    reportedAt: string,
    options: {
      failureStartedSeconds?: number;
      kind?: 'INCIDENT' | 'SERVICE_REQUEST';
      priority?: 'P1' | 'P2' | 'P3' | 'P4' | 'P5';
    } = {},
  ) {
    numbers += 1;
    const incidentId = randomUUID();
    return newEvent(incidentCreatedV1, {
      ...envelopeOf(incidentId, 1, reportedAt),
      data: {
        ...incidentCreatedV1.example,
        incidentId,
        number: `INC-${String(numbers).padStart(6, '0')}`,
        kind: options.kind ?? 'INCIDENT',
        priority: options.priority ?? 'P3',
        affectedServices: [`service-${numbers % 3}`, 'shared-db'],
        category: numbers % 2 === 0 ? 'network' : 'database',
        reportedAt: new Date(reportedAt).toISOString(),
        failureStartedAt:
          options.failureStartedSeconds === undefined
            ? null
            : new Date(Date.parse(reportedAt) + options.failureStartedSeconds * 1000).toISOString(),
      },
    });
  }

  type Created = ReturnType<typeof created>;

  function at(incident: Created, afterSeconds: number): string {
    return new Date(Date.parse(incident.data.reportedAt) + afterSeconds * 1000).toISOString();
  }

  function envelopeOf(incidentId: string, version: number, occurredAt: string) {
    return {
      aggregateId: incidentId,
      aggregateVersion: version,
      actor: { kind: 'user' as const, id: 'tech-1' },
      correlationId: `test-${incidentId}`,
      occurredAt: new Date(occurredAt),
    };
  }

  function changed(
    incident: Created,
    version: number,
    from: IncidentStatus,
    to: IncidentStatus,
    afterSeconds: number,
    options: { major?: boolean } = {},
  ) {
    const when = at(incident, afterSeconds);
    return newEvent(incidentStatusChangedV1, {
      ...envelopeOf(incident.data.incidentId, version, when),
      data: {
        incidentId: incident.data.incidentId,
        number: incident.data.number,
        from,
        to,
        priority: incident.data.priority,
        reporterId: incident.data.reporter.id,
        reason: null,
        changedAt: when,
        ...options,
      },
    });
  }

  function prioritized(incident: Created, version: number, from: 'P4', to: 'P2', afterSeconds: number) {
    const when = at(incident, afterSeconds);
    return newEvent(incidentPriorityChangedV1, {
      ...envelopeOf(incident.data.incidentId, version, when),
      data: {
        ...incidentPriorityChangedV1.example,
        incidentId: incident.data.incidentId,
        number: incident.data.number,
        from: { impact: 'MODERATE', urgency: 'MEDIUM', priority: from },
        to: { impact: 'EXTENSIVE', urgency: 'HIGH', priority: to },
        changedAt: when,
      },
    });
  }

  function assigned(
    incident: Created,
    version: number,
    tier: 'L1' | 'L2' | 'L3',
    group: string,
    afterSeconds: number,
  ) {
    const when = at(incident, afterSeconds);
    return newEvent(incidentAssignedV1, {
      ...envelopeOf(incident.data.incidentId, version, when),
      data: {
        incidentId: incident.data.incidentId,
        number: incident.data.number,
        from: { supportTier: 'L1', assignmentGroup: null, assignee: null },
        to: { supportTier: tier, assignmentGroup: group, assignee: null },
        priority: incident.data.priority,
        assignedAt: when,
      },
    });
  }

  function escalated(
    incident: Created,
    version: number,
    fromTier: 'L1' | 'L2',
    toTier: 'L2' | 'L3',
    group: string,
    afterSeconds: number,
  ) {
    const when = at(incident, afterSeconds);
    return newEvent(incidentEscalatedV1, {
      ...envelopeOf(incident.data.incidentId, version, when),
      data: {
        ...incidentEscalatedV1.example,
        incidentId: incident.data.incidentId,
        number: incident.data.number,
        fromTier,
        toTier,
        assignmentGroup: group,
        priority: 'P2',
        escalatedAt: when,
      },
    });
  }

  function majorDeclared(incident: Created, version: number, afterSeconds: number) {
    const when = at(incident, afterSeconds);
    return newEvent(incidentMajorDeclaredV1, {
      ...envelopeOf(incident.data.incidentId, version, when),
      data: {
        ...incidentMajorDeclaredV1.example,
        incidentId: incident.data.incidentId,
        number: incident.data.number,
        priority: 'P1',
        declaredAt: when,
      },
    });
  }

  function restored(incident: Created, afterSeconds: number) {
    const when = at(incident, afterSeconds);
    return newEvent(incidentServiceRestoredV1, {
      ...envelopeOf(incident.data.incidentId, 0, when),
      data: {
        ...incidentServiceRestoredV1.example,
        incidentId: incident.data.incidentId,
        number: incident.data.number,
        restoredAt: when,
      },
    });
  }

  function breached(
    incident: Created,
    version: number,
    metric: 'FIRST_RESPONSE' | 'RESOLUTION',
    afterSeconds: number,
  ) {
    const when = at(incident, afterSeconds);
    return newEvent(incidentSlaBreachedV1, {
      ...envelopeOf(incident.data.incidentId, version, when),
      data: {
        ...incidentSlaBreachedV1.example,
        incidentId: incident.data.incidentId,
        number: incident.data.number,
        priority: 'P2',
        metric,
        dueAt: when,
        detectedAt: when,
      },
    });
  }

  /** A subject the projection has no consumer for: stored in the stream, skipped by the rebuild. */
  function atRisk(incident: Created, afterSeconds: number) {
    const when = at(incident, afterSeconds);
    return newEvent(incidentSlaAtRiskV1, {
      ...envelopeOf(incident.data.incidentId, 4, when),
      data: {
        ...incidentSlaAtRiskV1.example,
        incidentId: incident.data.incidentId,
        number: incident.data.number,
        dueAt: when,
        detectedAt: when,
      },
    });
  }
});
