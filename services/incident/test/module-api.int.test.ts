import { systemCaller } from '@mim/auth';
import type { RequestMeta } from '@mim/service-kit';
import { createIncidentModule } from '../src/incident-module';
import type { IncidentChange } from '../src/modules/incident/incident-updater';
import { IncidentHarness, operations, validInput } from './incident-harness';

/**
 * The in-process API other modules of the service build on (intake, SLA): create and append to the
 * timeline inside their own transaction, and follow every change through listeners.
 */
describe('the incident module API for other modules (real PostgreSQL)', () => {
  let harness: IncidentHarness;
  const changes: IncidentChange[] = [];
  let module: ReturnType<typeof createIncidentModule>;
  const meta: RequestMeta = {
    caller: systemCaller('alertmanager'),
    correlationId: 'intake-1',
    traceparent: null,
  };

  beforeAll(async () => {
    harness = await IncidentHarness.start();
    const { dataSource, env } = harness.service.deps;
    module = createIncidentModule(dataSource, env, [
      (_manager, change) => {
        changes.push(change);
        return Promise.resolve();
      },
    ]);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('creates inside the caller transaction: committed together, or not at all', async () => {
    const { dataSource } = harness.service.deps;
    const before = await harness.counts();
    await expect(
      dataSource.transaction(async (manager) => {
        await module.incidents.createWithin(manager, meta, { ...validInput, channel: 'MONITORING' });
        throw new Error('the alert group could not be saved');
      }),
    ).rejects.toThrow('the alert group');
    expect(await harness.counts()).toEqual(before);

    const created = await dataSource.transaction(async (manager) => {
      const incident = await module.incidents.createWithin(manager, meta, {
        ...validInput,
        channel: 'MONITORING',
        reporter: { name: 'Alertmanager' },
        reportedAt: new Date(Date.now() - 60_000),
      });
      await module.incidents.addTimelineEntryWithin(
        manager,
        incident.id,
        {
          kind: 'alert_fired',
          actor: { id: 'system:alertmanager', name: 'alertmanager' },
          summary: 'HighErrorRate firing (fingerprint 3f2a)',
          detail: { fingerprint: '3f2a', occurrences: 1 },
          source: 'intake',
        },
        meta,
      );
      return incident;
    });
    expect(created).toMatchObject({ channel: 'MONITORING', reporterName: 'Alertmanager', status: 'NEW' });
    const technician = await harness.token('tech-1', ['service_desk_technician']);
    const read = await harness.ok<{
      timeline: { nodes: Array<{ kind: string; source: string; visibility: string; actor: { id: string } }> };
    }>(technician, operations.read, { id: created.id });
    expect(read.timeline.nodes).toEqual([
      expect.objectContaining({
        kind: 'created',
        source: 'incident',
        actor: { id: 'system:alertmanager', name: 'alertmanager' },
      }),
      expect.objectContaining({ kind: 'alert_fired', source: 'intake', visibility: 'INTERNAL' }),
    ]);
    expect(changes.at(-1)).toMatchObject({ type: 'created', previous: null, incident: { id: created.id } });
    // Both entries announced with their positions, in the caller's correlation, as a system actor.
    const recorded = await harness.service.deps.dataSource.query<
      Array<{
        data: { position: number; kind: string; source: string };
        actor: unknown;
        correlationId: string;
      }>
    >(
      `SELECT envelope->'data' AS data, envelope->'actor' AS actor, envelope->>'correlationId' AS "correlationId"
       FROM outbox_message WHERE subject = 'incident.timeline_entry_recorded.v1'
         AND envelope->'aggregate'->>'id' = $1 ORDER BY position`,
      [created.id],
    );
    expect(recorded).toEqual([
      {
        data: expect.objectContaining({ position: 1, kind: 'created', source: 'incident' }),
        actor: { kind: 'system', id: 'alertmanager' },
        correlationId: 'intake-1',
      },
      {
        data: expect.objectContaining({ position: 2, kind: 'alert_fired', source: 'intake' }),
        actor: { kind: 'system', id: 'alertmanager' },
        correlationId: 'intake-1',
      },
    ]);
  });

  it('refuses a timeline entry for an unknown incident or with a malformed kind', async () => {
    const { dataSource } = harness.service.deps;
    const entry = { kind: 'alert_fired', actor: { id: 'a', name: 'a' }, summary: 's' };
    await expect(
      dataSource.transaction((manager) =>
        module.incidents.addTimelineEntryWithin(manager, '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10', entry, meta),
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { id } = await harness.create(await harness.token('tech-1', ['service_desk_technician']));
    await expect(
      dataSource.transaction((manager) =>
        module.incidents.addTimelineEntryWithin(manager, id, { ...entry, kind: 'Alert Fired!' }, meta),
      ),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('tells listeners about every change with the incident before and after', async () => {
    const { dataSource } = harness.service.deps;
    const incident = await module.incidents.create(meta, validInput);
    await module.routing.reclassify(meta, {
      id: incident.id,
      expectedVersion: 1,
      urgency: 'LOW',
      reason: 'night',
    });
    await module.lifecycle.acknowledge(meta, { id: incident.id, expectedVersion: 2 });
    const held = await module.lifecycle.hold(meta, {
      id: incident.id,
      expectedVersion: 3,
      reason: 'AWAITING_USER',
    });
    await dataSource.transaction((manager) =>
      module.lifecycle.resolveWithin(manager, meta, {
        id: incident.id,
        expectedVersion: held.version,
        resolutionCode: 'NOT_REPRODUCIBLE',
        resolutionNotes: 'The alert resolved itself',
      }),
    );
    const mine = changes.filter((change) => change.incident.id === incident.id);
    expect(
      mine.map((change) => [
        change.type,
        change.previous?.priority ?? null,
        change.incident.priority,
        change.incident.status,
      ]),
    ).toEqual([
      ['created', null, 'P1', 'NEW'],
      ['priority_changed', 'P1', 'P4', 'NEW'],
      ['status_changed', 'P4', 'P4', 'ACKNOWLEDGED'],
      ['status_changed', 'P4', 'P4', 'ON_HOLD'],
      ['status_changed', 'P4', 'P4', 'RESOLVED'],
    ]);
  });
});
