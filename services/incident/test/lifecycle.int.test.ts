import { type Incident, IncidentHarness, operations } from './incident-harness';

interface TimelineNode {
  kind: string;
  summary: string;
  visibility: string;
  source: string;
  actor: { id: string; name: string };
  detail: Record<string, unknown>;
}
interface ReadIncident extends Incident {
  comments: Array<{ visibility: string; body: string }>;
  timeline: { nodes: TimelineNode[] };
}

describe('incident lifecycle, classification and escalation (real PostgreSQL and NATS)', () => {
  let harness: IncidentHarness;
  let technician: string;
  let l2: string;
  let manager: string;

  beforeAll(async () => {
    harness = await IncidentHarness.start({ INCIDENT_REOPEN_WINDOW_HOURS: '2' });
    technician = await harness.token('tech-1', ['service_desk_technician'], 'Tess Tech');
    l2 = await harness.token('net-2', ['technical_staff'], 'Nina Network');
    manager = await harness.token('mim-1', ['major_incident_manager'], 'Morgan Manager');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('runs an incident from report to closure, recording every step on the timeline and as events', async () => {
    const created = await harness.create(technician, {
      impact: 'MODERATE',
      urgency: 'HIGH',
      symptoms: 'HTTP 502 on /checkout',
      configurationItems: ['lb-01'],
      category: 'network',
      subcategory: 'connectivity',
    });
    expect(created).toMatchObject({ status: 'NEW', priority: 'P4', supportTier: 'L1', version: 1 });
    const { id } = created;
    let { version } = created;
    const step = async (query: string, variables: Record<string, unknown>) => {
      const incident = await harness.ok(technician, query, { ...variables, id, v: version });
      version = incident.version;
      return incident;
    };
    const input = (fields: Record<string, unknown>) => ({
      input: { id, expectedVersion: version, ...fields },
    });

    expect(await step(operations.acknowledge, {})).toMatchObject({ status: 'ACKNOWLEDGED', version: 2 });
    const reclassified = await harness.ok(
      technician,
      operations.reclassify,
      input({ impact: 'EXTENSIVE', urgency: 'CRITICAL', reason: 'Every region is affected' }),
    );
    expect(reclassified).toMatchObject({
      priority: 'P1',
      impact: 'EXTENSIVE',
      urgency: 'CRITICAL',
      version: 3,
    });
    version = reclassified.version;
    expect(await step(operations.start, {})).toMatchObject({ status: 'IN_PROGRESS' });
    const escalated = await harness.ok(
      technician,
      operations.escalate,
      input({ reason: 'Needs network engineering', assignmentGroup: 'network-operations' }),
    );
    expect(escalated).toMatchObject({
      supportTier: 'L2',
      assignmentGroup: 'network-operations',
      assignee: null,
    });
    version = escalated.version;
    const assigned = await harness.ok(
      l2,
      operations.assign,
      input({ assignee: { id: 'net-2', name: 'Nina Network' } }),
    );
    expect(assigned).toMatchObject({ assignee: { id: 'net-2', name: 'Nina Network' } });
    version = assigned.version;
    const held = await harness.ok(
      l2,
      operations.hold,
      input({ reason: 'AWAITING_VENDOR', note: 'CDN ticket 4711' }),
    );
    expect(held).toMatchObject({
      status: 'ON_HOLD',
      holdReason: 'AWAITING_VENDOR',
      holdNote: 'CDN ticket 4711',
    });
    version = held.version;
    expect(await step(operations.resume, {})).toMatchObject({ status: 'IN_PROGRESS', holdReason: null });
    const raised = await harness.ok(
      manager,
      operations.escalateToManager,
      input({ manager: { id: 'cio', name: 'Casey CIO' }, reason: 'Revenue impact above threshold' }),
    );
    expect(raised).toMatchObject({ escalationManager: { id: 'cio', name: 'Casey CIO' }, supportTier: 'L2' });
    version = raised.version;
    await harness.ok(technician, operations.comment, {
      incidentId: id,
      body: 'We are on it',
      visibility: 'PUBLIC',
    });
    await harness.ok(l2, operations.comment, {
      incidentId: id,
      body: 'Rule 42 suspected',
      visibility: 'INTERNAL',
    });
    const resolved = await harness.ok(
      l2,
      operations.resolve,
      input({ resolutionCode: 'RESOLVED_BY_CHANGE', resolutionNotes: 'Rolled back rule 42' }),
    );
    expect(resolved).toMatchObject({
      status: 'RESOLVED',
      resolutionCode: 'RESOLVED_BY_CHANGE',
      resolutionNotes: 'Rolled back rule 42',
    });
    version = resolved.version;
    const reopened = await harness.ok(technician, operations.reopen, input({ reason: 'Errors are back' }));
    expect(reopened).toMatchObject({ status: 'IN_PROGRESS', reopenCount: 1, resolutionCode: null });
    version = reopened.version;
    version = (
      await harness.ok(
        l2,
        operations.resolve,
        input({ resolutionCode: 'PERMANENT_FIX', resolutionNotes: 'Rule fixed' }),
      )
    ).version;
    expect(await step(operations.close, {})).toMatchObject({ status: 'CLOSED', version: 13 });

    const read = await harness.ok<ReadIncident>(technician, operations.read, { id });
    expect(
      read.timeline.nodes.map((node) => [node.kind, node.detail.action ?? node.detail.escalation ?? null]),
    ).toEqual([
      ['created', null],
      ['status_changed', 'acknowledge'],
      ['priority_changed', null],
      ['status_changed', 'start'],
      ['escalated', 'FUNCTIONAL'],
      ['assigned', null],
      ['status_changed', 'hold'],
      ['status_changed', 'resume'],
      ['escalated', 'HIERARCHICAL'],
      ['comment_added', null],
      ['comment_added', null],
      ['status_changed', 'resolve'],
      ['status_changed', 'reopen'],
      ['status_changed', 'resolve'],
      ['status_changed', 'close'],
    ]);
    expect(read.timeline.nodes.every((node) => node.source === 'incident')).toBe(true);
    expect(read.timeline.nodes[2]).toMatchObject({
      actor: { id: 'tech-1', name: 'Tess Tech' },
      visibility: 'INTERNAL',
      summary:
        'Priority P4 -> P1 (impact MODERATE -> EXTENSIVE, urgency HIGH -> CRITICAL): Every region is affected',
      detail: { reason: 'Every region is affected', from: { priority: 'P4' }, to: { priority: 'P1' } },
    });
    expect(read.timeline.nodes[11]).toMatchObject({
      visibility: 'PUBLIC',
      detail: { from: 'IN_PROGRESS', to: 'RESOLVED', resolutionCode: 'RESOLVED_BY_CHANGE' },
    });

    const all = await harness.events(id);
    const recorded = all.filter((event) => event.subject === 'incident.timeline_entry_recorded.v1');
    const events = all.filter((event) => event.subject !== 'incident.timeline_entry_recorded.v1');
    // Every timeline entry announced, numbered 1..n in recording order, at the version of its change.
    expect(recorded.map((event) => event.data.position)).toEqual(
      read.timeline.nodes.map((_node, i) => i + 1),
    );
    expect(recorded.map((event) => event.data.kind)).toEqual(read.timeline.nodes.map((node) => node.kind));
    expect(recorded.map((event) => event.version)).toEqual(events.map((event) => event.version));
    expect(events.map((event) => event.subject)).toEqual([
      'incident.created.v1',
      'incident.status_changed.v1',
      'incident.priority_changed.v1',
      'incident.status_changed.v1',
      'incident.escalated.v1',
      'incident.assigned.v1',
      'incident.status_changed.v1',
      'incident.status_changed.v1',
      'incident.escalated.v1',
      'incident.commented.v1',
      'incident.commented.v1',
      'incident.status_changed.v1',
      'incident.status_changed.v1',
      'incident.status_changed.v1',
      'incident.status_changed.v1',
    ]);
    // Versions rise with every change; comments carry the version they were added at.
    expect(events.map((event) => event.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 10, 11, 12, 13]);
    expect(events[2]!.data).toMatchObject({
      from: { impact: 'MODERATE', urgency: 'HIGH', priority: 'P4' },
      to: { impact: 'EXTENSIVE', urgency: 'CRITICAL', priority: 'P1' },
      reason: 'Every region is affected',
    });
    expect(events[4]!.data).toMatchObject({
      kind: 'FUNCTIONAL',
      fromTier: 'L1',
      toTier: 'L2',
      manager: null,
    });
    expect(events[8]!.data).toMatchObject({
      kind: 'HIERARCHICAL',
      fromTier: 'L2',
      toTier: 'L2',
      manager: { id: 'cio', name: 'Casey CIO' },
    });
    expect(events[9]!.data).toMatchObject({ visibility: 'PUBLIC', body: 'We are on it' });
    expect(events[10]!.data).toMatchObject({ visibility: 'INTERNAL', body: null });
    expect(events[11]!.data).toMatchObject({
      from: 'IN_PROGRESS',
      to: 'RESOLVED',
      reason: 'Rolled back rule 42',
    });
  });

  it('refuses a stale version with CONFLICT and an intent the state does not allow with INVALID_TRANSITION', async () => {
    const { id } = await harness.create(technician);
    await harness.ok(technician, operations.acknowledge, { id, v: 1 });
    expect(await harness.errorCode(technician, operations.start, { id, v: 1 })).toBe('CONFLICT');
    expect(await harness.errorCode(technician, operations.resume, { id, v: 2 })).toBe('INVALID_TRANSITION');
    expect(await harness.errorCode(technician, operations.close, { id, v: 2 })).toBe('INVALID_TRANSITION');
    const unknown = '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10';
    expect(await harness.errorCode(technician, operations.start, { id: unknown, v: 1 })).toBe('NOT_FOUND');
  });

  it('escalates functionally up to L3 and no further', async () => {
    const { id } = await harness.create(technician);
    let version = 1;
    for (const tier of ['L2', 'L3']) {
      const escalated = await harness.ok(technician, operations.escalate, {
        input: { id, expectedVersion: version, reason: `to ${tier}` },
      });
      expect(escalated.supportTier).toBe(tier);
      version = escalated.version;
    }
    const response = await harness.call(technician, operations.escalate, {
      input: { id, expectedVersion: version, reason: 'beyond' },
    });
    expect(response.errors?.[0]).toMatchObject({
      message: expect.stringContaining('already at L3'),
      extensions: { code: 'INVALID_TRANSITION' },
    });
  });

  it('reopens only within the configured window (2 h here), then explains why not', async () => {
    const { id } = await harness.create(technician);
    const resolved = await harness.ok(technician, operations.resolve, {
      input: { id, expectedVersion: 1, resolutionCode: 'USER_INSTRUCTED', resolutionNotes: 'Showed how' },
    });
    // Resolved three hours ago, as far as the window is concerned.
    await harness.service.deps.dataSource.query(
      `UPDATE incident SET resolved_at = now() - interval '3 hours' WHERE id = $1`,
      [id],
    );
    const before = await harness.counts();
    const response = await harness.call(technician, operations.reopen, {
      input: { id, expectedVersion: resolved.version, reason: 'It broke again' },
    });
    expect(response.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/reopen window of 2 h after resolution ended at .*; log a new incident/),
      extensions: { code: 'INVALID_TRANSITION', from: 'RESOLVED', to: 'IN_PROGRESS', reopenWindowHours: 2 },
    });
    expect(await harness.counts()).toEqual(before);
    expect(await harness.ok(technician, operations.close, { id, v: resolved.version })).toMatchObject({
      status: 'CLOSED',
    });
  });

  it('cancels an open incident with a reason, and then nothing else', async () => {
    const { id } = await harness.create(technician);
    const cancelled = await harness.ok(technician, operations.cancel, {
      input: { id, expectedVersion: 1, reason: 'Duplicate of an earlier call' },
    });
    expect(cancelled.status).toBe('CANCELLED');
    expect(
      await harness.errorCode(technician, operations.reopen, {
        input: { id, expectedVersion: 2, reason: 'x' },
      }),
    ).toBe('INVALID_TRANSITION');
    const events = await harness.events(id);
    expect(events.at(-1)).toMatchObject({
      subject: 'incident.status_changed.v1',
      data: { from: 'NEW', to: 'CANCELLED', reason: 'Duplicate of an earlier call' },
    });
  });

  it('pages the timeline oldest first with a cursor', async () => {
    const { id } = await harness.create(technician);
    for (let index = 0; index < 4; index += 1) {
      await harness.ok(technician, operations.comment, {
        incidentId: id,
        body: `note ${index}`,
        visibility: 'INTERNAL',
      });
    }
    const page = `query($id: ID!, $after: String) { incident(id: $id) {
      timeline(first: 3, after: $after) { nodes { kind detail } pageInfo { endCursor hasNextPage } } } }`;
    type Page = {
      incident: {
        timeline: {
          nodes: Array<{ kind: string; detail: { excerpt?: string } }>;
          pageInfo: { endCursor: string; hasNextPage: boolean };
        };
      };
    };
    const first = await harness.call<Page>(technician, page, { id });
    const second = await harness.call<Page>(technician, page, {
      id,
      after: first.data!.incident.timeline.pageInfo.endCursor,
    });
    expect(first.data!.incident.timeline.pageInfo.hasNextPage).toBe(true);
    expect(second.data!.incident.timeline.pageInfo.hasNextPage).toBe(false);
    expect(
      [...first.data!.incident.timeline.nodes, ...second.data!.incident.timeline.nodes].map(
        (node) => node.detail.excerpt ?? node.kind,
      ),
    ).toEqual(['created', 'note 0', 'note 1', 'note 2', 'note 3']);
    expect(await harness.errorCode(technician, page, { id, after: 'zzz' })).toBe('BAD_USER_INPUT');
  });
});
