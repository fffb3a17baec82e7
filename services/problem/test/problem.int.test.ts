import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { type EventTopology } from '@mim/messaging';
import type { RunningService } from '@mim/service-kit';
import { type TestService, eventually, graphqlRequest, startTestService, tokenFor } from '@mim/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { type ProblemEnv, readEnv } from '../src/env';
import { problemService } from '../src/service-definition';

const createMutation = `mutation Create($input: CreateProblemInput!) {
  createProblem(input: $input) { id number priority status ownerId version incidents { id } }
}`;
const changeStatusMutation = `mutation Change($id: ID!, $v: Int!, $status: ProblemStatus!) {
  changeProblemStatus(id: $id, expectedVersion: $v, status: $status) { status version }
}`;
const incidentProblemsQuery = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Incident { id problems { id number } } }
}`;

interface CreatedProblem {
  id: string;
  number: string;
  ownerId: string;
  incidents: Array<{ id: string }>;
}

describe('problem service (real PostgreSQL and NATS)', () => {
  let testService: TestService<ProblemEnv>;
  let topology: EventTopology;
  let service: RunningService;
  let problemManager: string;

  beforeAll(async () => {
    testService = await startTestService(problemService, readEnv, { label: 'problem' });
    ({ service, topology } = testService);
    problemManager = await tokenFor('pm-1', ['problem_manager'], { name: 'Pat Problem' });
  });

  afterAll(async () => {
    await testService?.stop();
  });

  const validInput = (incidentIds: string[] = [randomUUID()]) => ({
    title: 'WAF rule drives CPU to 100%',
    description: 'Find why the managed rule exhausts CPU on every serving machine',
    priority: 'P1',
    incidentIds,
  });

  it('opens a problem linked to incidents, and publishes problem.created.v1', async () => {
    const incidentId = randomUUID();
    const created = await create(problemManager, validInput([incidentId, incidentId]));
    expect(created).toMatchObject({
      status: 'NEW',
      version: 1,
      ownerId: 'pm-1',
      incidents: [{ id: incidentId }],
    });
    expect(created.number).toMatch(/^PRB-\d{6}$/);

    const jsm = await jetstreamManager(service.deps.bus.connection);
    const stored = await eventually(async () => {
      const message = await jsm.streams.getMessage(topology.stream, {
        last_by_subj: `${topology.subjectPrefix}.problem.created.v1`,
      });
      expect(message).not.toBeNull();
      return message!;
    });
    const envelope = stored.json<{ id: string; aggregate: { id: string }; data: Record<string, unknown> }>();
    expect(envelope.aggregate.id).toBe(created.id);
    expect(envelope.data).toMatchObject({ number: created.number, incidentIds: [incidentId] });
    expect(stored.header.get('Nats-Msg-Id')).toBe(envelope.id);
  });

  it('refuses invalid input with BAD_USER_INPUT and writes nothing', async () => {
    const before = await counts();
    const response = await graphqlRequest(service.url, createMutation, {
      token: problemManager,
      variables: { input: { ...validInput(), title: '  ', incidentIds: ['not-an-id'] } },
    });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = (response.errors?.[0]?.extensions?.fields as Array<{ path: string }>).map((f) => f.path);
    expect(fields).toEqual(expect.arrayContaining(['title', 'incidentIds.0']));
    const tooMany = await graphqlRequest(service.url, '{ problems(first: 101) { nodes { id } } }', {
      token: problemManager,
    });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
  });

  it('refuses creation by a role that does not open problem records with FORBIDDEN', async () => {
    const before = await counts();
    for (const roles of [['technical_staff'], ['end_user']] as const) {
      const response = await graphqlRequest(service.url, createMutation, {
        token: await tokenFor('someone', [...roles]),
        variables: { input: validInput() },
      });
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await counts()).toEqual(before);
  });

  it('moves a problem with the expected version; refuses stale versions, skipped steps and non-owners', async () => {
    const { id } = await create(problemManager, validInput());
    const change = (token: string, v: number, status: string) =>
      graphqlRequest<{ changeProblemStatus: { status: string; version: number } }>(
        service.url,
        changeStatusMutation,
        { token, variables: { id, v, status } },
      );
    const first = await change(problemManager, 1, 'UNDER_INVESTIGATION');
    expect(first.data?.changeProblemStatus).toEqual({ status: 'UNDER_INVESTIGATION', version: 2 });
    const jsm = await jetstreamManager(service.deps.bus.connection);
    const emitted = await eventually(async () => {
      const message = await jsm.streams.getMessage(topology.stream, {
        last_by_subj: `${topology.subjectPrefix}.problem.status_changed.v1`,
      });
      expect(message).not.toBeNull();
      return message!.json<{ aggregate: { id: string; version: number }; data: Record<string, unknown> }>();
    });
    expect(emitted.aggregate).toMatchObject({ id, version: 2 });
    expect(emitted.data).toMatchObject({ from: 'NEW', to: 'UNDER_INVESTIGATION' });
    expect((await change(problemManager, 1, 'ROOT_CAUSE_IDENTIFIED')).errors?.[0]?.extensions?.code).toBe(
      'CONFLICT',
    );
    expect((await change(problemManager, 2, 'RESOLVED')).errors?.[0]?.extensions?.code).toBe(
      'INVALID_TRANSITION',
    );
    const teamMember = await tokenFor('mit-1', ['mi_team_member']);
    expect((await change(teamMember, 2, 'ROOT_CAUSE_IDENTIFIED')).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await change(await tokenFor('eu', ['end_user']), 2, 'ROOT_CAUSE_IDENTIFIED')).errors?.[0]?.extensions
        ?.code,
    ).toBe('FORBIDDEN');
  });

  it('resolves Incident.problems through _entities, batched per incident', async () => {
    const [shared, other] = [randomUUID(), randomUUID()];
    const older = await create(problemManager, validInput([shared]));
    const newer = await create(problemManager, validInput([shared, other]));
    const response = await graphqlRequest<{
      _entities: Array<{ id: string; problems: Array<{ id: string }> }>;
    }>(service.url, incidentProblemsQuery, {
      token: problemManager,
      variables: {
        representations: [shared, other, randomUUID()].map((id) => ({ __typename: 'Incident', id })),
      },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities).toEqual([
      {
        id: shared,
        problems: [
          { id: newer.id, number: newer.number },
          { id: older.id, number: older.number },
        ],
      },
      { id: other, problems: [{ id: newer.id, number: newer.number }] },
      { id: expect.any(String), problems: [] },
    ]);
  });

  it('pages newest first with a keyset cursor', async () => {
    await create(problemManager, validInput());
    const page = `query($after: String) { problems(first: 2, after: $after) { nodes { id } pageInfo { endCursor hasNextPage } } }`;
    type Page = {
      problems: { nodes: Array<{ id: string }>; pageInfo: { endCursor: string; hasNextPage: boolean } };
    };
    const first = await graphqlRequest<Page>(service.url, page, { token: problemManager });
    const second = await graphqlRequest<Page>(service.url, page, {
      token: problemManager,
      variables: { after: first.data!.problems.pageInfo.endCursor },
    });
    expect(first.data!.problems.pageInfo.hasNextPage).toBe(true);
    const ids = [...first.data!.problems.nodes, ...second.data!.problems.nodes].map((node) => node.id);
    expect(new Set(ids).size).toBe(ids.length);
    const bad = await graphqlRequest(service.url, page, {
      token: problemManager,
      variables: { after: 'zzz' },
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('shows an end user and an external consultant no problem at all', async () => {
    const incidentId = randomUUID();
    const { id } = await create(problemManager, validInput([incidentId]));
    for (const roles of [['end_user'], ['external_consultant']] as const) {
      const token = await tokenFor('outsider', [...roles]);
      const single = await graphqlRequest<{ problem: unknown }>(
        service.url,
        `query($id: ID!) { problem(id: $id) { id } }`,
        {
          token,
          variables: { id },
        },
      );
      expect(single.data?.problem).toBeNull();
      const list = await graphqlRequest<{ problems: { nodes: unknown[] } }>(
        service.url,
        '{ problems { nodes { id } } }',
        {
          token,
        },
      );
      expect(list.data?.problems.nodes).toEqual([]);
      const entities = await graphqlRequest<{ _entities: unknown[] }>(service.url, incidentProblemsQuery, {
        token,
        variables: { representations: [{ __typename: 'Incident', id: incidentId }] },
      });
      expect(entities.data?._entities).toEqual([{ id: incidentId, problems: [] }]);
    }
  });

  async function create(token: string, input: Record<string, unknown>): Promise<CreatedProblem> {
    const response = await graphqlRequest<{ createProblem: CreatedProblem }>(service.url, createMutation, {
      token,
      variables: { input },
    });
    expect(response.errors).toBeUndefined();
    return response.data!.createProblem;
  }

  async function counts() {
    const [row] = await service.deps.dataSource.query<[{ problems: number; links: number; events: number }]>(
      `SELECT (SELECT count(*) FROM problem)::int AS problems,
              (SELECT count(*) FROM problem_incident)::int AS links,
              (SELECT count(*) FROM outbox_message)::int AS events`,
    );
    return row;
  }
});
