import { IncidentHarness, operations } from './incident-harness';

/**
 * Who may do what, through real HTTP with real tokens: a representative subset of the permission
 * table (incident.permissions.test.ts checks every role and action without I/O).
 */
describe('incident permissions over HTTP (real PostgreSQL and NATS)', () => {
  let harness: IncidentHarness;
  let technician: string;
  let alice: string;
  let bob: string;
  let analyst: string;
  let consultant: string;
  let manager: string;
  let admin: string;

  beforeAll(async () => {
    harness = await IncidentHarness.start();
    technician = await harness.token('tech-1', ['service_desk_technician'], 'Tess Tech');
    alice = await harness.token('alice', ['end_user'], 'Alice');
    bob = await harness.token('bob', ['end_user'], 'Bob');
    analyst = await harness.token('ana', ['analyst'], 'Ana Analyst');
    consultant = await harness.token('ext', ['external_consultant'], 'Vendor');
    manager = await harness.token('mim-1', ['major_incident_manager'], 'Morgan Manager');
    admin = await harness.token('root', ['admin'], 'Admin');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('lets an end user log for themselves only: no reporter, no backdating', async () => {
    const own = await harness.create(alice, { channel: 'PORTAL' });
    expect(own).toMatchObject({ status: 'NEW' });
    const before = await harness.counts();
    for (const extra of [
      { reporter: { name: 'Someone Else' } },
      { reportedAt: new Date(Date.now() - 3_600_000).toISOString() },
    ]) {
      const response = await harness.call(alice, operations.create, {
        input: { title: 't', description: 'd', channel: 'PORTAL', impact: 'MINOR', urgency: 'LOW', ...extra },
      });
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await harness.counts()).toEqual(before);
  });

  it('lets staff log a phone call for a contact and date it earlier', async () => {
    const reportedAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const created = await harness.ok<{ id: string; reportedAt: string }>(technician, operations.create, {
      input: {
        title: 'Printer on floor 3 jams',
        description: 'Every print job',
        channel: 'PHONE',
        impact: 'MINOR',
        urgency: 'MEDIUM',
        reporter: { name: 'Paula Phone', email: 'paula@example.com', phone: '+33 1 23 45 67 89' },
        reportedAt,
        failureStartedAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
      },
    });
    expect(created.reportedAt).toBe(reportedAt);
    const read = await harness.call<{ incident: { reporter: Record<string, unknown> } }>(
      technician,
      `query($id: ID!) { incident(id: $id) { reporter { id name email phone } } }`,
      { id: created.id },
    );
    expect(read.data?.incident.reporter).toEqual({
      id: 'contact:paula@example.com',
      name: 'Paula Phone',
      email: 'paula@example.com',
      phone: '+33 1 23 45 67 89',
    });
  });

  it('lets an end user comment publicly on their own incident, never a work note, never on another', async () => {
    const { id } = await harness.create(alice, { channel: 'PORTAL' });
    const comment = await harness.ok<{ visibility: string; author: { id: string } }>(
      alice,
      operations.comment,
      {
        incidentId: id,
        body: 'It still fails after a restart',
        visibility: 'PUBLIC',
      },
    );
    expect(comment).toMatchObject({ visibility: 'PUBLIC', author: { id: 'alice' } });
    const before = await harness.counts();
    expect(
      await harness.errorCode(alice, operations.comment, {
        incidentId: id,
        body: 'x',
        visibility: 'INTERNAL',
      }),
    ).toBe('FORBIDDEN');
    expect(
      await harness.errorCode(bob, operations.comment, { incidentId: id, body: 'x', visibility: 'PUBLIC' }),
    ).toBe('NOT_FOUND');
    expect(await harness.counts()).toEqual(before);
  });

  it('shows the reporter public comments and public timeline entries only; staff see everything', async () => {
    const { id } = await harness.create(alice, { channel: 'PORTAL' });
    await harness.ok(technician, operations.comment, {
      incidentId: id,
      body: 'Looking into it',
      visibility: 'PUBLIC',
    });
    await harness.ok(technician, operations.comment, {
      incidentId: id,
      body: 'Probably the VPN',
      visibility: 'INTERNAL',
    });
    const escalated = await harness.ok(technician, operations.escalate, {
      input: { id, expectedVersion: 1, reason: 'Needs network team' },
    });
    await harness.ok(technician, operations.resolve, {
      input: {
        id,
        expectedVersion: escalated.version,
        resolutionCode: 'WORKAROUND',
        resolutionNotes: 'Use the web client',
      },
    });
    type Read = {
      incident: {
        comments: Array<{ body: string }>;
        timeline: { nodes: Array<{ kind: string; visibility: string; detail: Record<string, unknown> }> };
      };
    };
    const query = `query($id: ID!) { incident(id: $id) { comments { body } timeline { nodes { kind visibility detail } } } }`;
    const asAlice = (await harness.call<Read>(alice, query, { id })).data!.incident;
    expect(asAlice.comments.map((comment) => comment.body)).toEqual(['Looking into it']);
    expect(asAlice.timeline.nodes.map((node) => node.kind)).toEqual([
      'created',
      'comment_added',
      'status_changed',
    ]);
    expect(asAlice.timeline.nodes.every((node) => node.visibility === 'PUBLIC')).toBe(true);
    expect(asAlice.timeline.nodes[2]!.detail).toMatchObject({
      resolutionCode: 'WORKAROUND',
      resolutionNotes: 'Use the web client',
    });

    for (const token of [technician, analyst]) {
      const asStaff = (await harness.call<Read>(token, query, { id })).data!.incident;
      expect(asStaff.comments.map((comment) => comment.body)).toEqual([
        'Looking into it',
        'Probably the VPN',
      ]);
      expect(asStaff.timeline.nodes.map((node) => node.kind)).toEqual([
        'created',
        'comment_added',
        'comment_added',
        'escalated',
        'status_changed',
      ]);
    }
  });

  it('keeps an end user from working incidents, even their own', async () => {
    const { id } = await harness.create(alice, { channel: 'PORTAL' });
    const before = await harness.row(id);
    expect(await harness.errorCode(alice, operations.acknowledge, { id, v: 1 })).toBe('FORBIDDEN');
    expect(
      await harness.errorCode(alice, operations.cancel, {
        input: { id, expectedVersion: 1, reason: 'never mind' },
      }),
    ).toBe('FORBIDDEN');
    expect(await harness.row(id)).toEqual(before);
  });

  it('lets an analyst read everything and change nothing', async () => {
    const { id } = await harness.create(technician);
    const list = await harness.call<{ incidents: { nodes: unknown[] } }>(
      analyst,
      `{ incidents(first: 100) { nodes { id } } }`,
    );
    expect(list.data?.incidents.nodes.length).toBeGreaterThan(0);
    const before = await harness.counts();
    expect(await harness.errorCode(analyst, operations.acknowledge, { id, v: 1 })).toBe('FORBIDDEN');
    expect(
      await harness.errorCode(analyst, operations.comment, {
        incidentId: id,
        body: 'x',
        visibility: 'INTERNAL',
      }),
    ).toBe('FORBIDDEN');
    expect(
      await harness.errorCode(analyst, operations.create, {
        input: { title: 't', description: 'd', channel: 'API', impact: 'MINOR', urgency: 'LOW' },
      }),
    ).toBe('FORBIDDEN');
    expect(await harness.counts()).toEqual(before);
  });

  it('gives an external consultant on no incident team nothing', async () => {
    const { id, number } = await harness.create(technician);
    expect(
      await harness.errorCode(consultant, operations.create, {
        input: { title: 't', description: 'd', channel: 'API', impact: 'MINOR', urgency: 'LOW' },
      }),
    ).toBe('FORBIDDEN');
    expect(
      await harness.errorCode(consultant, operations.comment, {
        incidentId: id,
        body: 'x',
        visibility: 'PUBLIC',
      }),
    ).toBe('FORBIDDEN');
    const read = await harness.call<{
      incident: unknown;
      incidentByNumber: unknown;
      incidents: { nodes: unknown[] };
    }>(
      consultant,
      `query($id: ID!, $number: String!) { incident(id: $id) { id } incidentByNumber(number: $number) { id } incidents { nodes { id } } }`,
      { id, number },
    );
    expect(read.data).toEqual({ incident: null, incidentByNumber: null, incidents: { nodes: [] } });
  });

  it('lets a technician and a major incident manager escalate hierarchically', async () => {
    const { id } = await harness.create(technician);
    const byTechnician = await harness.ok(technician, operations.escalateToManager, {
      input: {
        id,
        expectedVersion: 1,
        manager: { id: 'mim-1', name: 'Morgan Manager' },
        reason: 'Needs a decision',
      },
    });
    const byManager = await harness.ok(manager, operations.escalateToManager, {
      input: {
        id,
        expectedVersion: byTechnician.version,
        manager: { id: 'cio', name: 'Casey CIO' },
        reason: 'Board level',
      },
    });
    expect(byManager).toMatchObject({ escalationManager: { id: 'cio', name: 'Casey CIO' } });
    expect(
      await harness.errorCode(analyst, operations.escalateToManager, {
        input: { id, expectedVersion: byManager.version, manager: { id: 'x', name: 'X' }, reason: 'r' },
      }),
    ).toBe('FORBIDDEN');
  });

  it('lets only an admin change the category catalogue', async () => {
    const add = `mutation($input: AddIncidentCategoryInput!) { addIncidentCategory(input: $input) { id code } }`;
    expect(
      await harness.errorCode(technician, add, { input: { code: 'telephony', name: 'Telephony' } }),
    ).toBe('FORBIDDEN');
    expect(await harness.errorCode(manager, add, { input: { code: 'telephony', name: 'Telephony' } })).toBe(
      'FORBIDDEN',
    );
    expect(await harness.ok(admin, add, { input: { code: 'telephony', name: 'Telephony' } })).toMatchObject({
      code: 'telephony',
    });
  });
});
