import { randomUUID } from 'node:crypto';
import { type ChangeStatus, changeRequestedV1, changeStatusChangedV1 } from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import { eventually, publishEvent } from '@mim/testing';
import { IncidentHarness, operations } from './incident-harness';

interface Read {
  id: string;
  status: string;
  version: number;
  isMajor: boolean;
  hasImplementedFix: boolean;
  resolutionWithoutChangeReason: string | null;
  timeline: {
    nodes: Array<{ kind: string; summary: string; visibility: string; detail: Record<string, unknown> }>;
  };
}

const readIncident = `query($id: ID!) { incident(id: $id) {
  id status version isMajor hasImplementedFix resolutionWithoutChangeReason
  timeline(first: 100) { nodes { kind summary visibility detail } }
} }`;

/** A change that fixes incidents, as the change service's events describe it. */
class Change {
  readonly id = randomUUID();
  readonly number = `CHG-${String(Math.floor(Math.random() * 900_000) + 100_000)}`;
  private version = 1;

  constructor(private readonly harness: IncidentHarness) {}

  /** change.requested.v1, as the change service's relay publishes it; resolves once it is handled. */
  async request(fixesIncidentIds: string[], at = new Date()): Promise<void> {
    await this.publish(
      newEvent(changeRequestedV1, {
        aggregateId: this.id,
        aggregateVersion: 1,
        actor: { kind: 'user', id: 'chm-1' },
        correlationId: `test-${randomUUID()}`,
        occurredAt: at,
        data: {
          changeId: this.id,
          number: this.number,
          title: 'Disable WAF managed rule globally',
          type: 'EMERGENCY',
          fixesIncidentIds,
        },
      }),
    );
  }

  /** change.status_changed.v1 at `changedAt` (now by default), the change's next version unless given. */
  async move(
    from: ChangeStatus,
    to: ChangeStatus,
    fixesIncidentIds: string[],
    options: { changedAt?: Date; version?: number } = {},
  ): Promise<void> {
    this.version += 1;
    const changedAt = options.changedAt ?? new Date();
    await this.publish(
      newEvent(changeStatusChangedV1, {
        aggregateId: this.id,
        aggregateVersion: options.version ?? this.version,
        actor: { kind: 'user', id: 'tech-2' },
        correlationId: `test-${randomUUID()}`,
        occurredAt: changedAt,
        data: {
          changeId: this.id,
          number: this.number,
          from,
          to,
          fixesIncidentIds,
          changedAt: changedAt.toISOString(),
        },
      }),
    );
  }

  private async publish(event: { id: string; subject: string }): Promise<void> {
    const { dataSource, bus } = this.harness.service.deps;
    await publishEvent(bus, event);
    await eventually(async () => {
      const rows = await dataSource.query<unknown[]>(`SELECT 1 FROM inbox_message WHERE event_id = $1`, [
        event.id,
      ]);
      expect(rows).toHaveLength(1);
    });
  }
}

/**
 * The incident service's part of "resolve as a change" (DOMAIN.md, stage 3): the read model of the
 * changes that fix each incident, fed by the change service's events, and the rule that a major
 * incident is resolved once one of them is implemented (or with a reason).
 */
describe('resolving a major incident as a change (real PostgreSQL and NATS)', () => {
  let harness: IncidentHarness;
  let technician: string;
  let manager: string;
  let alice: string;

  beforeAll(async () => {
    harness = await IncidentHarness.start();
    technician = await harness.token('tech-1', ['service_desk_technician'], 'Tess Tech');
    manager = await harness.token('mim-1', ['major_incident_manager'], 'Mia Manager');
    alice = await harness.token('alice', ['end_user'], 'Alice');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const read = (id: string, token = technician) => harness.ok<Read>(token, readIncident, { id });
  const fixingRows = (incidentId: string) =>
    harness.service.deps.dataSource.query<
      Array<{
        change_id: string;
        status: string;
        status_changed_at: Date;
        linked: boolean;
        implemented: boolean;
      }>
    >(
      `SELECT change_id, status, status_changed_at, linked, implemented FROM incident_fixing_change
       WHERE incident_id = $1 ORDER BY change_id`,
      [incidentId],
    );
  const majorIncident = async (token = technician) => {
    const { id } = await harness.create(token, { channel: 'PORTAL' });
    await harness.ok(manager, operations.declareMajor, {
      input: { id, expectedVersion: 1, impactStatement: 'Half of all traffic returns 502' },
    });
    return id;
  };
  const resolve = (id: string, expectedVersion: number, extra: Record<string, unknown> = {}) =>
    harness.call<{ resolveIncident: { status: string; version: number } }>(manager, operations.resolve, {
      input: {
        id,
        expectedVersion,
        resolutionCode: 'RESOLVED_BY_CHANGE',
        resolutionNotes: 'WAF rule fixed and re-enabled',
        ...extra,
      },
    });

  it('keeps the latest status of a change whatever the order two status events arrive in', async () => {
    const inOrder = await harness.create(technician);
    const reversed = await harness.create(technician);
    const unknown = randomUUID();
    const approvedAt = new Date(Date.now() - 60_000);
    const implementedAt = new Date(Date.now() - 30_000);
    const first = new Change(harness);
    await first.move('ASSESSED', 'APPROVED', [inOrder.id, unknown], { changedAt: approvedAt, version: 4 });
    await first.move('IMPLEMENTING', 'IMPLEMENTED', [inOrder.id, unknown], {
      changedAt: implementedAt,
      version: 7,
    });
    const second = new Change(harness);
    await second.move('IMPLEMENTING', 'IMPLEMENTED', [reversed.id], { changedAt: implementedAt, version: 7 });
    await second.move('ASSESSED', 'APPROVED', [reversed.id], { changedAt: approvedAt, version: 4 });

    for (const [incident, change] of [
      [inOrder, first],
      [reversed, second],
    ] as const) {
      expect(await fixingRows(incident.id)).toEqual([
        {
          change_id: change.id,
          status: 'IMPLEMENTED',
          status_changed_at: implementedAt,
          linked: true,
          implemented: true,
        },
      ]);
      expect((await read(incident.id)).hasImplementedFix).toBe(true);
      // The timeline has both moves, each at its own instant, whatever order they came in.
      const moves = (await read(incident.id)).timeline.nodes.filter(
        (node) => node.kind === 'change_status_changed',
      );
      expect(moves.map((node) => node.summary)).toEqual([
        `Change ${change.number} approved`,
        `Change ${change.number} implemented`,
      ]);
    }
    // An incident this service does not have gets no row.
    expect(await fixingRows(unknown)).toEqual([]);
  });

  it('refuses a major incident while its fixing change is only approved, and resolves it once implemented', async () => {
    const id = await majorIncident(alice);
    const change = new Change(harness);
    await change.request([id]);
    await change.move('DRAFT', 'SUBMITTED', [id]);
    await change.move('SUBMITTED', 'ASSESSED', [id]);
    await change.move('ASSESSED', 'APPROVED', [id]);
    expect(await read(id)).toMatchObject({ isMajor: true, version: 2, hasImplementedFix: false });

    const row = await harness.row(id);
    const counts = await harness.counts();
    const refused = await resolve(id, 2);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'FIX_NOT_IMPLEMENTED',
      fixingChanges: [{ changeId: change.id, number: change.number, status: 'APPROVED' }],
    });
    expect(refused.errors?.[0]?.message).toContain(`(${change.number} APPROVED)`);
    // Nothing changed: same row (version 2), no entry, no event.
    expect(await harness.row(id)).toEqual(row);
    expect(await harness.counts()).toEqual(counts);

    await change.move('APPROVED', 'SCHEDULED', [id]);
    await change.move('SCHEDULED', 'IMPLEMENTING', [id]);
    await change.move('IMPLEMENTING', 'IMPLEMENTED', [id]);
    expect((await read(id)).hasImplementedFix).toBe(true);

    const resolved = await resolve(id, 2);
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data?.resolveIncident).toMatchObject({ status: 'RESOLVED', version: 3 });
    const after = await read(id);
    expect(after.resolutionWithoutChangeReason).toBeNull();
    expect(after.timeline.nodes.at(-1)).toEqual({
      kind: 'status_changed',
      visibility: 'PUBLIC',
      summary: `Resolved (RESOLVED_BY_CHANGE), fixed by change ${change.number}`,
      detail: expect.objectContaining({
        to: 'RESOLVED',
        fixedBy: [{ changeId: change.id, number: change.number, status: 'IMPLEMENTED' }],
      }),
    });
    // The reporter sees the fix deployed and the resolution, not the change's other steps.
    const seenByReporter = (await read(id, alice)).timeline.nodes.map((node) => node.summary);
    expect(seenByReporter).toContain(`Change ${change.number} implemented`);
    expect(seenByReporter).not.toContain(`Change ${change.number} approved`);
    expect(seenByReporter.at(-1)).toBe(`Resolved (RESOLVED_BY_CHANGE), fixed by change ${change.number}`);
  });

  it('resolves a major incident before its change is implemented when the resolver says why', async () => {
    const id = await majorIncident();
    const change = new Change(harness);
    await change.request([id]);
    await change.move('ASSESSED', 'APPROVED', [id]);
    // A blank reason is no reason.
    expect(
      (await resolve(id, 2, { resolutionWithoutChangeReason: '   ' })).errors?.[0]?.extensions?.code,
    ).toBe('FIX_NOT_IMPLEMENTED');

    const resolved = await resolve(id, 2, {
      resolutionCode: 'RESOLVED_BY_VENDOR',
      resolutionWithoutChangeReason: '  The CDN vendor rolled back their edge release  ',
    });
    expect(resolved.errors).toBeUndefined();
    const after = await read(id);
    expect(after).toMatchObject({
      status: 'RESOLVED',
      version: 3,
      resolutionWithoutChangeReason: 'The CDN vendor rolled back their edge release',
    });
    expect(after.timeline.nodes.at(-1)).toMatchObject({
      kind: 'status_changed',
      summary:
        'Resolved (RESOLVED_BY_VENDOR) without an implemented change: The CDN vendor rolled back their edge release',
      detail: { resolutionWithoutChangeReason: 'The CDN vendor rolled back their edge release' },
    });
    // Reopening takes the resolution back, reason included.
    await harness.ok(manager, operations.reopen, { input: { id, expectedVersion: 3, reason: 'Still 502s' } });
    expect((await read(id)).resolutionWithoutChangeReason).toBeNull();
  });

  it('resolves an incident that is not major without any change, keeping no reason', async () => {
    const { id } = await harness.create(technician);
    const resolved = await harness.call<{ resolveIncident: { status: string; version: number } }>(
      technician,
      operations.resolve,
      {
        input: {
          id,
          expectedVersion: 1,
          resolutionCode: 'WORKAROUND',
          resolutionNotes: 'Restarted the service',
          resolutionWithoutChangeReason: 'not needed',
        },
      },
    );
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data?.resolveIncident).toMatchObject({ status: 'RESOLVED', version: 2 });
    const after = await read(id);
    expect(after).toMatchObject({
      isMajor: false,
      hasImplementedFix: false,
      resolutionWithoutChangeReason: null,
    });
    expect(after.timeline.nodes.at(-1)).toMatchObject({ summary: 'Resolved (WORKAROUND)' });
    expect(after.timeline.nodes.at(-1)?.detail).not.toHaveProperty('fixedBy');
  });

  it('counts a change no more once it stops fixing the incident, and a late event does not link it back', async () => {
    const id = await majorIncident();
    const change = new Change(harness);
    const other = await harness.create(technician);
    const start = Date.now() - 120_000;
    await change.move('IMPLEMENTING', 'IMPLEMENTED', [id], {
      changedAt: new Date(start + 20_000),
      version: 7,
    });
    expect((await read(id)).hasImplementedFix).toBe(true);
    // Reviewed later, now linked to another incident only.
    await change.move('IMPLEMENTED', 'REVIEWED', [other.id], {
      changedAt: new Date(start + 40_000),
      version: 8,
    });
    // An older event delivered late still names the first incident.
    await change.move('SCHEDULED', 'IMPLEMENTING', [id], { changedAt: new Date(start + 10_000), version: 6 });
    expect(await fixingRows(id)).toEqual([expect.objectContaining({ status: 'REVIEWED', linked: false })]);
    expect((await read(id)).hasImplementedFix).toBe(false);
    expect((await read(other.id)).hasImplementedFix).toBe(true);
    expect((await resolve(id, 2)).errors?.[0]?.extensions).toMatchObject({
      code: 'FIX_NOT_IMPLEMENTED',
      fixingChanges: [],
    });
  });

  it('does not count a change that was rejected and closed', async () => {
    const id = await majorIncident();
    const change = new Change(harness);
    await change.move('ASSESSED', 'REJECTED', [id]);
    await change.move('REJECTED', 'CLOSED', [id]);
    expect(await fixingRows(id)).toEqual([
      expect.objectContaining({ status: 'CLOSED', linked: true, implemented: false }),
    ]);
    expect((await resolve(id, 2)).errors?.[0]?.extensions?.code).toBe('FIX_NOT_IMPLEMENTED');
  });
});

describe('resolving a major incident with the rule switched off (real PostgreSQL and NATS)', () => {
  let harness: IncidentHarness;

  beforeAll(async () => {
    harness = await IncidentHarness.start({ MAJOR_INCIDENT_RESOLUTION_REQUIRES_CHANGE: 'false' });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('resolves a major incident without any change', async () => {
    const manager = await harness.token('mim-1', ['major_incident_manager'], 'Mia Manager');
    const { id } = await harness.create(manager);
    await harness.ok(manager, operations.declareMajor, {
      input: { id, expectedVersion: 1, impactStatement: 'All of site B is dark' },
    });
    const resolved = await harness.ok(manager, operations.resolve, {
      input: { id, expectedVersion: 2, resolutionCode: 'PERMANENT_FIX', resolutionNotes: 'Power restored' },
    });
    expect(resolved).toMatchObject({ status: 'RESOLVED', version: 3 });
  });
});
