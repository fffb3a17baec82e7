import { findScheduledJob } from '@mim/scheduler';
import { eventually } from '@mim/testing';
import { IncidentHarness, type Incident, operations } from './incident-harness';

/**
 * Containment and communication of major incidents through HTTP (real PostgreSQL and NATS, the service's
 * own scheduler): team tasks and their overdue timers, status updates and their cadence, the conference
 * bridge and the war room, and refusals that change nothing. Cadences are seconds here: 3 s for a P1,
 * 6 s for a P2; the
 * other tests use P3 incidents (2 h) and the cadence tests resolve theirs, so no timer writes meanwhile.
 */
const cadence = { MI_STATUS_UPDATE_CADENCE_MINUTES: 'P1=0.05,P2=0.1' };
const p2 = { impact: 'EXTENSIVE', urgency: 'HIGH' };
/** A P3 keeps the default cadence (2 h): no reminder fires while the other tests count rows. */
const p3 = { impact: 'EXTENSIVE', urgency: 'MEDIUM' };

const taskFields = `id title description status version dueAt createdAt startedAt completedAt overdue
  owner { id name } incident { id number }`;
const ops = {
  createTask: `mutation($input: CreateIncidentTaskInput!) { createIncidentTask(input: $input) { ${taskFields} } }`,
  assignTask: `mutation($input: AssignIncidentTaskInput!) { assignIncidentTask(input: $input) { ${taskFields} } }`,
  startTask: `mutation($input: IncidentTaskChangeInput!) { startIncidentTask(input: $input) { ${taskFields} } }`,
  completeTask: `mutation($input: IncidentTaskChangeInput!) { completeIncidentTask(input: $input) { ${taskFields} } }`,
  cancelTask: `mutation($input: IncidentTaskChangeInput!) { cancelIncidentTask(input: $input) { ${taskFields} } }`,
  publish: `mutation($input: PublishStatusUpdateInput!) { publishStatusUpdate(input: $input) {
    id audiences impact currentStatus actions nextUpdateDueAt publishedAt publishedBy { id name } } }`,
  rooms: `mutation($input: SetMajorIncidentRoomsInput!) { setMajorIncidentRooms(input: $input) {
    id version conferenceBridge { url dialIn } warRoom } }`,
  read: `query($id: ID!) { incident(id: $id) {
    id version conferenceBridge { url dialIn } warRoom
    tasks { ${taskFields} }
    statusUpdates { id audiences currentStatus publishedAt }
    timeline(first: 100) { nodes { kind visibility summary actor { id } detail } }
  } }`,
};

interface Task {
  id: string;
  title: string;
  status: string;
  version: number;
  dueAt: string | null;
  overdue: boolean;
  owner: { id: string; name: string } | null;
  [field: string]: unknown;
}
interface ReadIncident {
  id: string;
  version: number;
  conferenceBridge: { url: string | null; dialIn: string | null } | null;
  warRoom: string | null;
  tasks: Task[];
  statusUpdates: Array<{ id: string; audiences: string[]; currentStatus: string; publishedAt: string }>;
  timeline: {
    nodes: Array<{
      kind: string;
      visibility: string;
      summary: string;
      actor: { id: string };
      detail: Record<string, unknown>;
    }>;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

describe('major incident containment and communication (real PostgreSQL and NATS)', () => {
  let harness: IncidentHarness;
  let technician: string;
  let manager: string;
  let teamMember: string;
  let comms: string;
  let sre: string;
  let alice: string;

  beforeAll(async () => {
    harness = await IncidentHarness.start(cadence);
    technician = await harness.token('tech-1', ['service_desk_technician'], 'Tess Tech');
    manager = await harness.token('mim-1', ['major_incident_manager'], 'Mia Manager');
    teamMember = await harness.token('team-1', ['mi_team_member'], 'Tom Team');
    comms = await harness.token('comms-1', ['communications_lead'], 'Cora Comms');
    sre = await harness.token('sre-7', ['technical_staff'], 'Sam SRE');
    alice = await harness.token('alice', ['end_user'], 'Alice');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const read = (id: string, token = technician) => harness.ok<ReadIncident>(token, ops.read, { id });
  const events = async (id: string, subject: string) =>
    (await harness.events(id)).filter((event) => event.subject === subject);
  /** A major incident, as declared by the manager (a P1 unless told). */
  const declared = async (input: Record<string, unknown> = {}): Promise<Incident> => {
    const created = await harness.create(alice, { channel: 'PORTAL', ...input });
    return harness.ok<Incident>(manager, operations.declareMajor, {
      input: {
        id: created.id,
        expectedVersion: created.version,
        impactStatement: 'Checkout down for everyone',
      },
    });
  };
  /** Everything a refused change could have written, ours included. */
  const allCounts = async () => {
    const [row] = await harness.service.deps.dataSource.query<[Record<string, number>]>(
      `SELECT (SELECT count(*) FROM incident_task)::int AS tasks,
              (SELECT count(*) FROM incident_status_update)::int AS updates,
              (SELECT count(*) FROM incident_rooms)::int AS rooms,
              (SELECT count(*) FROM scheduled_job)::int AS jobs`,
    );
    return { ...(await harness.counts()), ...row };
  };
  const sre7 = { id: 'sre-7', name: 'Sam SRE' };
  /** Resolves a major incident without a fixing change: no status update is owed any more. */
  const resolveMajor = async (id: string) => {
    const current = await read(id);
    await harness.ok(manager, operations.resolve, {
      input: {
        id,
        expectedVersion: current.version,
        resolutionCode: 'WORKAROUND',
        resolutionNotes: 'WAF disabled',
        resolutionWithoutChangeReason: 'The vendor rolled back',
      },
    });
  };

  describe('tasks', () => {
    it('lets the team create and assign, the owner start and complete; the team sees who does what', async () => {
      const incident = await declared({ ...p3 });
      const created = await harness.ok<Task>(teamMember, ops.createTask, {
        input: { incidentId: incident.id, title: '  Disable the WAF globally ', description: 'All PoPs' },
      });
      expect(created).toMatchObject({
        title: 'Disable the WAF globally',
        status: 'OPEN',
        version: 1,
        owner: null,
        overdue: false,
        incident: { id: incident.id },
      });
      const assigned = await harness.ok<Task>(manager, ops.assignTask, {
        input: { taskId: created.id, expectedVersion: 1, owner: sre7, dueAt: inSeconds(3600) },
      });
      expect(assigned).toMatchObject({ owner: sre7, status: 'OPEN', version: 2 });
      const timer = await findScheduledJob(
        harness.service.deps.dataSource.manager,
        `task-overdue:${created.id}`,
      );
      expect(timer?.runAt.toISOString()).toBe(assigned.dueAt);

      // Someone else than the owner (or the manager) may not start it.
      expect(
        await harness.errorCode(teamMember, ops.startTask, {
          input: { taskId: created.id, expectedVersion: 2 },
        }),
      ).toBe('FORBIDDEN');
      const started = await harness.ok<Task>(sre, ops.startTask, {
        input: { taskId: created.id, expectedVersion: 2 },
      });
      expect(started).toMatchObject({ status: 'IN_PROGRESS', startedAt: expect.any(String), version: 3 });
      const done = await harness.ok<Task>(sre, ops.completeTask, {
        input: { taskId: created.id, expectedVersion: 3 },
      });
      expect(done).toMatchObject({ status: 'DONE', completedAt: expect.any(String), version: 4 });
      expect(
        await findScheduledJob(harness.service.deps.dataSource.manager, `task-overdue:${created.id}`),
      ).toBeNull();

      const seen = await read(incident.id);
      expect(seen.tasks.map((task) => [task.title, task.status, task.owner?.id])).toEqual([
        ['Disable the WAF globally', 'DONE', 'sre-7'],
      ]);
      expect(seen.version).toBe(incident.version); // tasks are not edits of the incident
      const kinds = seen.timeline.nodes.filter((node) => node.kind.startsWith('task_'));
      expect(kinds.map((node) => [node.kind, node.visibility])).toEqual([
        ['task_created', 'INTERNAL'],
        ['task_assigned', 'INTERNAL'],
        ['task_started', 'INTERNAL'],
        ['task_completed', 'INTERNAL'],
      ]);
      expect((await events(incident.id, 'incident.task_changed.v1')).map((event) => event.data)).toEqual([
        expect.objectContaining({
          taskId: created.id,
          change: 'CREATED',
          status: 'OPEN',
          ownerId: null,
          dueAt: null,
        }),
        expect.objectContaining({ change: 'ASSIGNED', ownerId: 'sre-7', dueAt: assigned.dueAt }),
        expect.objectContaining({ change: 'STARTED', status: 'IN_PROGRESS' }),
        expect.objectContaining({ change: 'COMPLETED', status: 'DONE', title: 'Disable the WAF globally' }),
      ]);
      // The reporter does not see the team's tasks.
      expect((await read(incident.id, alice)).tasks).toEqual([]);
    });

    it('fires an overdue task once, with its event and timeline entry; not for a task completed in time', async () => {
      const incident = await declared({ ...p3 });
      const late = await harness.ok<Task>(manager, ops.createTask, {
        input: { incidentId: incident.id, title: 'Call the CDN vendor', owner: sre7, dueAt: inSeconds(2) },
      });
      const onTime = await harness.ok<Task>(manager, ops.createTask, {
        input: { incidentId: incident.id, title: 'Roll back the rule', owner: sre7, dueAt: inSeconds(2) },
      });
      await harness.ok(sre, ops.completeTask, { input: { taskId: onTime.id, expectedVersion: 1 } });

      const [overdue] = await eventually(async () => {
        const found = await events(incident.id, 'incident.task_overdue.v1');
        expect(found).toHaveLength(1);
        return found;
      });
      expect(overdue!.data).toEqual({
        incidentId: incident.id,
        taskId: late.id,
        title: 'Call the CDN vendor',
        ownerId: 'sre-7',
        dueAt: late.dueAt,
      });
      await sleep(1500); // the completed task's due time has passed too: still only one
      expect(await events(incident.id, 'incident.task_overdue.v1')).toHaveLength(1);
      const seen = await read(incident.id);
      expect(seen.tasks.map((task) => [task.title, task.overdue])).toEqual([
        ['Call the CDN vendor', true],
        ['Roll back the rule', false],
      ]);
      const entries = seen.timeline.nodes.filter((node) => node.kind === 'task_overdue');
      expect(entries).toEqual([
        expect.objectContaining({ visibility: 'INTERNAL', actor: { id: 'system:mi-task' } }),
      ]);
      expect(entries[0]!.summary).toMatch(/^Task overdue: Call the CDN vendor \(owner Sam SRE\)/);
    });

    it('refuses with codes and changes nothing: not major, not on the team, stale version, past due time', async () => {
      const ordinary = await harness.create(technician);
      const incident = await declared({ ...p3 });
      const task = await harness.ok<Task>(manager, ops.createTask, {
        input: { incidentId: incident.id, title: 'Check the dashboards', owner: sre7 },
      });
      const before = await allCounts();
      const refusals: Array<[string, string, Record<string, unknown>, string]> = [
        [manager, ops.createTask, { input: { incidentId: ordinary.id, title: 'x' } }, 'NOT_A_MAJOR_INCIDENT'],
        [technician, ops.createTask, { input: { incidentId: incident.id, title: 'x' } }, 'FORBIDDEN'],
        [sre, ops.assignTask, { input: { taskId: task.id, expectedVersion: 1, owner: sre7 } }, 'FORBIDDEN'],
        [alice, ops.createTask, { input: { incidentId: incident.id, title: 'x' } }, 'FORBIDDEN'],
        [sre, ops.startTask, { input: { taskId: task.id, expectedVersion: 9 } }, 'CONFLICT'],
        [
          manager,
          ops.createTask,
          { input: { incidentId: incident.id, title: 'x', dueAt: inSeconds(-60) } },
          'BAD_USER_INPUT',
        ],
        [manager, ops.createTask, { input: { incidentId: incident.id, title: '  ' } }, 'BAD_USER_INPUT'],
        [
          manager,
          ops.startTask,
          { input: { taskId: '00000000-0000-4000-8000-000000000000', expectedVersion: 1 } },
          'NOT_FOUND',
        ],
      ];
      for (const [token, query, variables, code] of refusals) {
        expect([code, await harness.errorCode(token, query, variables)]).toEqual([code, code]);
      }
      expect(await allCounts()).toEqual(before);
      expect((await read(incident.id)).tasks[0]).toMatchObject({ status: 'OPEN', version: 1 });
    });
  });

  describe('status updates', () => {
    it('publishes to the audiences: event, PUBLIC entry for users, newest first, reporter sees user updates only', async () => {
      const incident = await declared({ ...p3 });
      const toManagement = await harness.ok<{ id: string; publishedAt: string }>(teamMember, ops.publish, {
        input: {
          incidentId: incident.id,
          audiences: ['KEY_STAKEHOLDERS', 'MANAGEMENT'],
          impact: 'Half of all traffic returns 502',
          currentStatus: 'Investigating CPU exhaustion',
          actions: 'SRE and London engineering assembled',
        },
      });
      const nextUpdateDueAt = inSeconds(3600);
      const toUsers = await harness.ok<Record<string, unknown>>(comms, ops.publish, {
        input: {
          incidentId: incident.id,
          audiences: ['USERS', 'TECHNICAL_TEAM', 'USERS'],
          impact: 'Websites may answer with errors',
          currentStatus: 'The cause is identified',
          nextUpdateDueAt,
        },
      });
      expect(toUsers).toMatchObject({
        audiences: ['TECHNICAL_TEAM', 'USERS'],
        actions: null,
        nextUpdateDueAt,
        publishedBy: { id: 'comms-1', name: 'Cora Comms' },
      });
      expect(
        (await events(incident.id, 'incident.status_update_published.v1')).map((event) => event.data),
      ).toEqual([
        {
          incidentId: incident.id,
          updateId: toManagement.id,
          audiences: ['MANAGEMENT', 'KEY_STAKEHOLDERS'],
          impact: 'Half of all traffic returns 502',
          currentStatus: 'Investigating CPU exhaustion',
          actions: 'SRE and London engineering assembled',
          nextUpdateDueAt: null,
          publishedAt: toManagement.publishedAt,
        },
        expect.objectContaining({
          updateId: toUsers.id,
          audiences: ['TECHNICAL_TEAM', 'USERS'],
          nextUpdateDueAt,
        }),
      ]);
      const seen = await read(incident.id);
      expect(seen.statusUpdates.map((update) => update.id)).toEqual([toUsers.id, toManagement.id]);
      expect(
        seen.timeline.nodes
          .filter((node) => node.kind === 'status_update_published')
          .map((node) => node.visibility),
      ).toEqual(['INTERNAL', 'PUBLIC']);
      const reporter = await read(incident.id, alice);
      expect(reporter.statusUpdates.map((update) => update.id)).toEqual([toUsers.id]);
      expect(reporter.timeline.nodes.filter((node) => node.kind === 'status_update_published')).toHaveLength(
        1,
      );
    });

    it('makes a missing update an overdue event at the cadence, reminds once more, stops when resolved', async () => {
      const incident = await declared(); // P1: every 3 s
      const [first] = await eventually(async () => {
        const found = await events(incident.id, 'incident.status_update_overdue.v1');
        expect(found.length).toBeGreaterThanOrEqual(1);
        return found;
      });
      expect(first!.data).toEqual({
        incidentId: incident.id,
        lastUpdateAt: null,
        dueAt: new Date(Date.parse(incident.majorDeclaredAt as string) + 3000).toISOString(),
      });
      const entry = (await read(incident.id)).timeline.nodes.find(
        (node) => node.kind === 'status_update_overdue',
      );
      expect(entry).toMatchObject({ visibility: 'INTERNAL', actor: { id: 'system:status-update' } });
      // The next reminder is one cadence later.
      const reminder = await findScheduledJob(
        harness.service.deps.dataSource.manager,
        `status-update:${incident.id}`,
      );
      expect(reminder?.payload).toMatchObject({ lastUpdateId: null });
      expect(reminder?.payload.reminder).toBeGreaterThanOrEqual(1);

      await resolveMajor(incident.id);
      expect(
        await findScheduledJob(harness.service.deps.dataSource.manager, `status-update:${incident.id}`),
      ).toBeNull();
      const count = (await events(incident.id, 'incident.status_update_overdue.v1')).length;
      await sleep(3500);
      expect(await events(incident.id, 'incident.status_update_overdue.v1')).toHaveLength(count);
    });

    it('counts the cadence from the last update published in time: no overdue at the declaration cadence', async () => {
      const incident = await declared({ ...p2 }); // P2: every 6 s
      const declaredDue = Date.parse(incident.majorDeclaredAt as string) + 6000;
      const update = await harness.ok<{ id: string; publishedAt: string }>(manager, ops.publish, {
        input: {
          incidentId: incident.id,
          audiences: ['MANAGEMENT'],
          impact: 'All checkouts',
          currentStatus: 'Triage',
        },
      });
      const timer = await findScheduledJob(
        harness.service.deps.dataSource.manager,
        `status-update:${incident.id}`,
      );
      expect(timer?.runAt.getTime()).toBe(Date.parse(update.publishedAt) + 6000);
      expect(timer?.payload).toMatchObject({ lastUpdateId: update.id, reminder: 0 });

      const [overdue, ...more] = await eventually(
        async () => {
          const found = await events(incident.id, 'incident.status_update_overdue.v1');
          expect(found.length).toBeGreaterThanOrEqual(1);
          return found;
        },
        { timeoutMs: 15_000 },
      );
      expect(more).toEqual([]);
      expect(overdue!.data).toEqual({
        incidentId: incident.id,
        lastUpdateAt: update.publishedAt,
        dueAt: new Date(Date.parse(update.publishedAt) + 6000).toISOString(),
      });
      expect(Date.parse(overdue!.data.dueAt as string)).toBeGreaterThan(declaredDue);
      await resolveMajor(incident.id);
    });

    it('refuses with codes and changes nothing: not major, not allowed, no audience, promised in the past', async () => {
      const ordinary = await harness.create(technician);
      const incident = await declared({ ...p3 });
      const valid = { incidentId: incident.id, audiences: ['USERS'], impact: 'i', currentStatus: 's' };
      const before = await allCounts();
      const refusals: Array<[string, Record<string, unknown>, string]> = [
        [manager, { ...valid, incidentId: ordinary.id }, 'NOT_A_MAJOR_INCIDENT'],
        [technician, valid, 'FORBIDDEN'],
        [sre, valid, 'FORBIDDEN'],
        [alice, valid, 'FORBIDDEN'],
        [manager, { ...valid, audiences: [] }, 'BAD_USER_INPUT'],
        [manager, { ...valid, impact: ' ' }, 'BAD_USER_INPUT'],
        [manager, { ...valid, nextUpdateDueAt: inSeconds(-1) }, 'BAD_USER_INPUT'],
        [manager, { ...valid, incidentId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND'],
      ];
      for (const [token, input, code] of refusals) {
        expect([code, await harness.errorCode(token, ops.publish, { input })]).toEqual([code, code]);
      }
      expect(await allCounts()).toEqual(before);
    });
  });

  describe('conference bridge and war room', () => {
    it('records them on a major incident: INTERNAL entry, incident.rooms_set.v1, once for the same rooms', async () => {
      const incident = await declared({ ...p3 });
      const input = {
        incidentId: incident.id,
        bridgeUrl: 'https://meet.example.com/inc',
        bridgeDialIn: '+44 20 7946 0000 x 4821',
        warRoom: 'London, 3rd floor, room Ada',
      };
      const set = await harness.ok<ReadIncident>(teamMember, ops.rooms, { input });
      expect(set).toMatchObject({
        version: incident.version,
        conferenceBridge: { url: input.bridgeUrl, dialIn: input.bridgeDialIn },
        warRoom: input.warRoom,
      });
      await harness.ok(manager, ops.rooms, { input }); // the same again: nothing recorded
      const moved = await harness.ok<ReadIncident>(manager, ops.rooms, {
        input: { incidentId: incident.id, warRoom: 'https://meet.example.com/war-room' },
      });
      expect(moved).toMatchObject({ conferenceBridge: null, warRoom: 'https://meet.example.com/war-room' });
      expect((await events(incident.id, 'incident.rooms_set.v1')).map((event) => event.data)).toEqual([
        {
          incidentId: incident.id,
          bridgeUrl: input.bridgeUrl,
          bridgeDialIn: input.bridgeDialIn,
          warRoom: input.warRoom,
        },
        {
          incidentId: incident.id,
          bridgeUrl: null,
          bridgeDialIn: null,
          warRoom: 'https://meet.example.com/war-room',
        },
      ]);
      const entries = (await read(incident.id)).timeline.nodes.filter((node) => node.kind === 'rooms_set');
      expect(entries.map((entry) => entry.visibility)).toEqual(['INTERNAL', 'INTERNAL']);
      expect(await read(incident.id, alice)).toMatchObject({ conferenceBridge: null, warRoom: null });
    });

    it('refuses them on an incident that is not major, and other refusals, changing nothing', async () => {
      const ordinary = await harness.create(technician);
      const incident = await declared({ ...p3 });
      const before = await allCounts();
      const refusals: Array<[string, Record<string, unknown>, string]> = [
        [manager, { incidentId: ordinary.id, warRoom: 'Room Ada' }, 'NOT_A_MAJOR_INCIDENT'],
        [comms, { incidentId: incident.id, warRoom: 'Room Ada' }, 'FORBIDDEN'],
        [technician, { incidentId: incident.id, warRoom: 'Room Ada' }, 'FORBIDDEN'],
        [manager, { incidentId: incident.id }, 'BAD_USER_INPUT'],
        [manager, { incidentId: incident.id, bridgeUrl: 'javascript:alert(1)' }, 'BAD_USER_INPUT'],
        [manager, { incidentId: incident.id, bridgeDialIn: 'call me' }, 'BAD_USER_INPUT'],
      ];
      for (const [token, input, code] of refusals) {
        expect([code, await harness.errorCode(token, ops.rooms, { input })]).toEqual([code, code]);
      }
      expect(await allCounts()).toEqual(before);
      expect(await read(ordinary.id)).toMatchObject({ conferenceBridge: null, warRoom: null });
    });
  });
});
