import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { Role } from '@mim/auth';
import { type EventTopology } from '@mim/messaging';
import type { RunningService } from '@mim/service-kit';
import { type TestService, eventually, graphqlRequest, startTestService, tokenFor } from '@mim/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { type ChangeEnv, readEnv } from '../src/env';
import { changeService } from '../src/service-definition';

const createMutation = `mutation Create($input: CreateChangeRequestInput!) {
  createChangeRequest(input: $input) {
    id number status version requestedById plannedStart plannedEnd
    incidents { id } incidentLinks { incident { id } relation }
  }
}`;
const changeStatusMutation = `mutation Change($id: ID!, $v: Int!, $status: ChangeRequestStatus!) {
  changeChangeRequestStatus(id: $id, expectedVersion: $v, status: $status) { status version }
}`;
const incidentChangesQuery = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Incident { id changes { id number } } }
}`;

interface CreatedChange {
  id: string;
  number: string;
}

describe('change service (real PostgreSQL and NATS)', () => {
  let testService: TestService<ChangeEnv>;
  let topology: EventTopology;
  let service: RunningService;
  let changeManager: string;
  let tech: string;

  beforeAll(async () => {
    testService = await startTestService(changeService, readEnv, { label: 'change' });
    ({ service, topology } = testService);
    changeManager = await tokenFor('cm-1', ['change_manager'], { name: 'Chloe Change' });
    tech = await tokenFor('tech-1', ['technical_staff']);
  });

  afterAll(async () => {
    await testService?.stop();
  });

  const validInput = (incidentLinks: Array<{ incidentId: string; relation: string }> = []) => ({
    title: 'Disable WAF managed rule globally',
    description: 'The new rule drives CPU to 100% on every serving machine',
    type: 'EMERGENCY',
    risk: 'HIGH',
    implementationPlan: 'Kill switch for the WAF, all PoPs',
    rollbackPlan: 'Re-enable the WAF through the kill switch',
    plannedStart: '2026-07-02T14:05:00Z',
    plannedEnd: '2026-07-02T14:15:00+00:00',
    affectedServices: ['waf'],
    incidentLinks,
  });

  it('raises a draft linked to incidents, and publishes change.requested.v1 with the fixed incidents', async () => {
    const [fixed, caused] = [randomUUID(), randomUUID()];
    const created = await create(
      tech,
      validInput([
        { incidentId: fixed, relation: 'FIXES' },
        { incidentId: caused, relation: 'CAUSED_BY' },
      ]),
    );
    expect(created).toMatchObject({
      status: 'DRAFT',
      version: 1,
      requestedById: 'tech-1',
      plannedStart: '2026-07-02T14:05:00.000Z',
      incidents: expect.arrayContaining([{ id: fixed }, { id: caused }]),
      incidentLinks: expect.arrayContaining([
        { incident: { id: fixed }, relation: 'FIXES' },
        { incident: { id: caused }, relation: 'CAUSED_BY' },
      ]),
    });
    expect(created.number).toMatch(/^CHG-\d{6}$/);

    const jsm = await jetstreamManager(service.deps.bus.connection);
    const stored = await eventually(async () => {
      const message = await jsm.streams.getMessage(topology.stream, {
        last_by_subj: `${topology.subjectPrefix}.change.requested.v1`,
      });
      expect(message).not.toBeNull();
      return message!;
    });
    const envelope = stored.json<{ id: string; aggregate: { id: string }; data: Record<string, unknown> }>();
    expect(envelope.aggregate.id).toBe(created.id);
    expect(envelope.data).toMatchObject({
      number: created.number,
      type: 'EMERGENCY',
      fixesIncidentIds: [fixed],
    });
    expect(stored.header.get('Nats-Msg-Id')).toBe(envelope.id);
  });

  it('refuses invalid input with BAD_USER_INPUT and writes nothing', async () => {
    const before = await counts();
    const blank = await graphqlRequest(service.url, createMutation, {
      token: changeManager,
      variables: { input: { ...validInput([{ incidentId: 'nope', relation: 'FIXES' }]), rollbackPlan: ' ' } },
    });
    expect(blank.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = (blank.errors?.[0]?.extensions?.fields as Array<{ path: string }>).map((f) => f.path);
    expect(fields).toEqual(expect.arrayContaining(['rollbackPlan', 'incidentLinks.0.incidentId']));
    const reversed = await graphqlRequest(service.url, createMutation, {
      token: changeManager,
      variables: { input: { ...validInput(), plannedEnd: '2026-07-02T14:00:00Z' } },
    });
    expect(reversed.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'plannedEnd', message: 'must be after plannedStart' }],
    });
    const tooMany = await graphqlRequest(service.url, '{ changeRequests(first: 101) { nodes { id } } }', {
      token: changeManager,
    });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
  });

  it('refuses creation by roles that do not raise changes with FORBIDDEN', async () => {
    const before = await counts();
    for (const roles of [['service_desk_technician'], ['end_user']] as Role[][]) {
      const response = await graphqlRequest(service.url, createMutation, {
        token: await tokenFor('someone', roles),
        variables: { input: validInput() },
      });
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await counts()).toEqual(before);
  });

  it('enforces versions, transitions and who assesses, approves and implements', async () => {
    const { id } = await create(tech, validInput());
    const move = async (token: string, v: number, status: string) => {
      const response = await graphqlRequest<{
        changeChangeRequestStatus: { status: string; version: number };
      }>(service.url, changeStatusMutation, { token, variables: { id, v, status } });
      return response.errors?.[0]?.extensions?.code ?? response.data?.changeChangeRequestStatus;
    };
    const vote = async (token: string, v: number) => {
      const response = await graphqlRequest<{ recordChangeApproval: { status: string; version: number } }>(
        service.url,
        `mutation($input: RecordChangeApprovalInput!) { recordChangeApproval(input: $input) { status version } }`,
        { token, variables: { input: { id, expectedVersion: v, decision: 'APPROVE' } } },
      );
      return response.errors?.[0]?.extensions?.code ?? response.data?.recordChangeApproval;
    };
    expect(await move(tech, 1, 'SUBMITTED')).toEqual({ status: 'SUBMITTED', version: 2 });
    expect(await move(tech, 1, 'ASSESSED')).toBe('CONFLICT');
    expect(await move(changeManager, 2, 'APPROVED')).toBe('INVALID_TRANSITION');
    expect(await move(tech, 2, 'ASSESSED')).toBe('FORBIDDEN');
    expect(await move(changeManager, 2, 'ASSESSED')).toEqual({ status: 'ASSESSED', version: 3 });
    expect(await move(tech, 3, 'APPROVED')).toBe('FORBIDDEN');
    expect(await move(changeManager, 3, 'APPROVED')).toBe('CHANGE_APPROVAL_QUORUM_NOT_MET');
    // The requester (tech-1) may not approve their own change; the change manager and another may.
    expect(await vote(tech, 3)).toBe('FORBIDDEN');
    expect(await vote(changeManager, 3)).toEqual({ status: 'ASSESSED', version: 4 });
    expect(await vote(await tokenFor('tech-2', ['technical_staff']), 4)).toEqual({
      status: 'APPROVED',
      version: 6,
    });
    expect(await move(tech, 6, 'SCHEDULED')).toBe('FORBIDDEN');
    expect(await move(changeManager, 6, 'SCHEDULED')).toEqual({ status: 'SCHEDULED', version: 7 });
    const mim = await tokenFor('mim-1', ['major_incident_manager']);
    expect(await move(mim, 7, 'IMPLEMENTING')).toBe('FORBIDDEN');
    expect(await move(changeManager, 7, 'IMPLEMENTING')).toBe('FORBIDDEN');
    expect(await move(tech, 7, 'IMPLEMENTING')).toEqual({ status: 'IMPLEMENTING', version: 8 });
    expect(await move(await tokenFor('eu', ['end_user']), 8, 'IMPLEMENTED')).toBe('FORBIDDEN');
    expect(await move(tech, 8, 'IMPLEMENTED')).toEqual({ status: 'IMPLEMENTED', version: 9 });
    // Only accepted moves emit events; the last one says the fix is in.
    const jsm = await jetstreamManager(service.deps.bus.connection);
    const emitted = await eventually(async () => {
      const message = await jsm.streams.getMessage(topology.stream, {
        last_by_subj: `${topology.subjectPrefix}.change.status_changed.v1`,
      });
      expect(message!.json<{ aggregate: { version: number } }>().aggregate.version).toBe(9);
      return message!.json<{ aggregate: { id: string }; data: Record<string, unknown> }>();
    });
    expect(emitted.aggregate.id).toBe(id);
    expect(emitted.data).toMatchObject({ from: 'IMPLEMENTING', to: 'IMPLEMENTED' });
  });

  it('links problems: ChangeRequest.problems, and Problem.changes through _entities with the same rules', async () => {
    const [problem, other] = [randomUUID(), randomUUID()];
    const linked = await create(tech, { ...validInput(), problemIds: [problem.toUpperCase(), other] });
    const unlinked = await create(tech, validInput());
    const read = await graphqlRequest<{ changeRequest: { problems: Array<{ id: string }> } }>(
      service.url,
      `query($id: ID!) { changeRequest(id: $id) { problems { id } } }`,
      { token: tech, variables: { id: linked.id } },
    );
    expect(read.data?.changeRequest.problems).toEqual(
      [{ id: problem }, { id: other }].sort((a, b) => a.id.localeCompare(b.id)),
    );
    const query = `query($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on Problem { id changes { id number } } } }`;
    const representations = [problem, randomUUID()].map((id) => ({ __typename: 'Problem', id }));
    const staff = await graphqlRequest<{ _entities: unknown[] }>(service.url, query, {
      token: changeManager,
      variables: { representations },
    });
    expect(staff.errors).toBeUndefined();
    expect(staff.data?._entities).toEqual([
      { id: problem, changes: [{ id: linked.id, number: linked.number }] },
      { id: expect.any(String), changes: [] },
    ]);
    expect(JSON.stringify(staff.data)).not.toContain(unlinked.id);
    for (const roles of [['end_user'], ['external_consultant']] as Role[][]) {
      const outsider = await graphqlRequest<{ _entities: unknown[] }>(service.url, query, {
        token: await tokenFor('outsider', roles),
        variables: { representations },
      });
      expect(outsider.data?._entities).toEqual([
        { id: problem, changes: [] },
        { id: expect.any(String), changes: [] },
      ]);
    }
  });

  it('resolves Incident.changes through _entities, batched per incident', async () => {
    const [shared, other] = [randomUUID(), randomUUID()];
    const older = await create(tech, validInput([{ incidentId: shared, relation: 'CAUSED_BY' }]));
    const newer = await create(
      changeManager,
      validInput([
        { incidentId: shared, relation: 'FIXES' },
        { incidentId: other, relation: 'FIXES' },
      ]),
    );
    const response = await graphqlRequest<{ _entities: unknown[] }>(service.url, incidentChangesQuery, {
      token: tech,
      variables: {
        representations: [shared, other, randomUUID()].map((id) => ({ __typename: 'Incident', id })),
      },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities).toEqual([
      {
        id: shared,
        changes: [
          { id: newer.id, number: newer.number },
          { id: older.id, number: older.number },
        ],
      },
      { id: other, changes: [{ id: newer.id, number: newer.number }] },
      { id: expect.any(String), changes: [] },
    ]);
  });

  it('pages newest first with a keyset cursor', async () => {
    await create(tech, validInput());
    await create(tech, validInput());
    const page = `query($after: String) { changeRequests(first: 2, after: $after) { nodes { id } pageInfo { endCursor hasNextPage } } }`;
    type Page = {
      changeRequests: { nodes: Array<{ id: string }>; pageInfo: { endCursor: string; hasNextPage: boolean } };
    };
    const first = await graphqlRequest<Page>(service.url, page, { token: tech });
    const second = await graphqlRequest<Page>(service.url, page, {
      token: tech,
      variables: { after: first.data!.changeRequests.pageInfo.endCursor },
    });
    expect(first.data!.changeRequests.pageInfo.hasNextPage).toBe(true);
    const ids = [...first.data!.changeRequests.nodes, ...second.data!.changeRequests.nodes].map(
      (node) => node.id,
    );
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
  });

  it('shows an end user and an external consultant no change request at all', async () => {
    const incidentId = randomUUID();
    const { id } = await create(tech, validInput([{ incidentId, relation: 'FIXES' }]));
    for (const roles of [['end_user'], ['external_consultant']] as Role[][]) {
      const token = await tokenFor('outsider', roles);
      const single = await graphqlRequest<{ changeRequest: unknown }>(
        service.url,
        `query($id: ID!) { changeRequest(id: $id) { id } }`,
        { token, variables: { id } },
      );
      expect(single.data?.changeRequest).toBeNull();
      const list = await graphqlRequest<{ changeRequests: { nodes: unknown[] } }>(
        service.url,
        '{ changeRequests { nodes { id } } }',
        { token },
      );
      expect(list.data?.changeRequests.nodes).toEqual([]);
      const entities = await graphqlRequest<{ _entities: unknown[] }>(service.url, incidentChangesQuery, {
        token,
        variables: {
          representations: [
            { __typename: 'Incident', id: incidentId },
            { __typename: 'ChangeRequest', id },
          ],
        },
      });
      expect(entities.data?._entities).toEqual([{ id: incidentId, changes: [] }, null]);
    }
  });

  async function create(token: string, input: Record<string, unknown>): Promise<CreatedChange> {
    const response = await graphqlRequest<{ createChangeRequest: CreatedChange }>(
      service.url,
      createMutation,
      {
        token,
        variables: { input },
      },
    );
    expect(response.errors).toBeUndefined();
    return response.data!.createChangeRequest;
  }

  async function counts() {
    const [row] = await service.deps.dataSource.query<[{ changes: number; links: number; events: number }]>(
      `SELECT (SELECT count(*) FROM change_request)::int AS changes,
              (SELECT count(*) FROM change_request_incident)::int AS links,
              (SELECT count(*) FROM outbox_message)::int AS events`,
    );
    return row;
  }
});
