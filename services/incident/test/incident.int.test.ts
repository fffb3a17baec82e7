import 'reflect-metadata';
import { type EventTopology } from '@mim/messaging';
import type { RunningService } from '@mim/service-kit';
import { type TestService, eventually, graphqlRequest, startTestService, tokenFor } from '@mim/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { type IncidentEnv, readEnv } from '../src/env';
import { incidentService } from '../src/service-definition';

const createMutation = `mutation Create($input: CreateIncidentInput!) {
  createIncident(input: $input) { id number priority status version reporter { id name } }
}`;

describe('incident service (real PostgreSQL and NATS)', () => {
  let testService: TestService<IncidentEnv>;
  let topology: EventTopology;
  let service: RunningService;
  let technician: string;

  beforeAll(async () => {
    testService = await startTestService(incidentService, readEnv, { label: 'incident' });
    ({ service, topology } = testService);
    technician = await tokenFor('tech-1', ['service_desk_technician'], { name: 'Tess Tech' });
  });

  afterAll(async () => {
    await testService?.stop();
  });

  const validInput = {
    title: 'Checkout returns HTTP 502',
    description: 'Every checkout attempt fails since 13:45',
    channel: 'PHONE',
    impact: 'EXTENSIVE',
    urgency: 'CRITICAL',
    affectedServices: ['checkout'],
  };

  it('creates an incident with a number and matrix priority, and publishes incident.created.v1', async () => {
    const response = await graphqlRequest<{ createIncident: Record<string, unknown> }>(
      service.url,
      createMutation,
      {
        token: technician,
        variables: { input: validInput },
      },
    );
    expect(response.errors).toBeUndefined();
    const created = response.data!.createIncident;
    expect(created).toMatchObject({
      priority: 'P1',
      status: 'NEW',
      version: 1,
      reporter: { id: 'tech-1', name: 'Tess Tech' },
    });
    expect(created.number).toMatch(/^INC-\d{6}$/);

    const jsm = await jetstreamManager(service.deps.bus.connection);
    const stored = await eventually(async () => {
      const message = await jsm.streams.getMessage(topology.stream, {
        last_by_subj: `${topology.subjectPrefix}.incident.created.v1`,
      });
      expect(message).not.toBeNull();
      return message!;
    });
    const envelope = stored.json<{ id: string; aggregate: { id: string }; data: { number: string } }>();
    expect(envelope.aggregate.id).toBe(created.id);
    expect(envelope.data.number).toBe(created.number);
    // The event id is the JetStream message id.
    expect(stored.header.get('Nats-Msg-Id')).toBe(envelope.id);
  });

  it('refuses invalid input with BAD_USER_INPUT and writes nothing (no row, no outbox event)', async () => {
    const before = await counts();
    const response = await graphqlRequest(service.url, createMutation, {
      token: technician,
      variables: { input: { ...validInput, title: '   ', affectedServices: ['x'.repeat(101)] } },
    });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = (response.errors?.[0]?.extensions?.fields as Array<{ path: string }>).map(
      (field) => field.path,
    );
    expect(fields).toEqual(expect.arrayContaining(['title', 'affectedServices.0']));
    expect(await counts()).toEqual(before);
  });

  it('refuses a request without a token, and one with a forged token, as UNAUTHENTICATED', async () => {
    const anonymous = await graphqlRequest(service.url, '{ incidents { nodes { id } } }');
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await graphqlRequest(
      service.url,
      '{ _entities(representations: [{__typename: "Incident", id: "x"}]) { __typename } }',
      {
        token: `${technician.slice(0, -4)}AAAA`,
      },
    );
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('acknowledges with the expected version, then refuses the stale version with CONFLICT', async () => {
    const created = await create();
    const ack = `mutation Ack($id: ID!, $v: Int!) { acknowledgeIncident(id: $id, expectedVersion: $v) { status version acknowledgedAt } }`;
    const first = await graphqlRequest<{ acknowledgeIncident: { status: string; version: number } }>(
      service.url,
      ack,
      {
        token: technician,
        variables: { id: created.id, v: 1 },
      },
    );
    expect(first.data?.acknowledgeIncident).toMatchObject({ status: 'ACKNOWLEDGED', version: 2 });
    const stale = await graphqlRequest(service.url, ack, {
      token: technician,
      variables: { id: created.id, v: 1 },
    });
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const again = await graphqlRequest(service.url, ack, {
      token: technician,
      variables: { id: created.id, v: 2 },
    });
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
  });

  it('shows an end user only the incidents they reported', async () => {
    const alice = await tokenFor('alice', ['end_user']);
    const bob = await tokenFor('bob', ['end_user']);
    const own = await graphqlRequest<{ createIncident: { id: string } }>(service.url, createMutation, {
      token: alice,
      variables: { input: { ...validInput, channel: 'PORTAL' } },
    });
    const id = own.data!.createIncident.id;
    const asAlice = await graphqlRequest<{ incident: { id: string } | null }>(
      service.url,
      `query($id: ID!) { incident(id: $id) { id } }`,
      { token: alice, variables: { id } },
    );
    const asBob = await graphqlRequest<{ incident: { id: string } | null }>(
      service.url,
      `query($id: ID!) { incident(id: $id) { id } }`,
      { token: bob, variables: { id } },
    );
    expect(asAlice.data?.incident?.id).toBe(id);
    expect(asBob.data?.incident).toBeNull();
    const bobList = await graphqlRequest<{ incidents: { nodes: unknown[] } }>(
      service.url,
      '{ incidents { nodes { id } } }',
      { token: bob },
    );
    expect(bobList.data?.incidents.nodes).toEqual([]);
  });

  it('pages newest first with a keyset cursor, within a filter, and refuses a bad cursor', async () => {
    const affectedService = `paging-${Date.now()}`;
    const created: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const response = await graphqlRequest<{ createIncident: { id: string } }>(service.url, createMutation, {
        token: technician,
        variables: { input: { ...validInput, affectedServices: [affectedService] } },
      });
      created.push(response.data!.createIncident.id);
      await new Promise((resolve) => setTimeout(resolve, 5)); // distinct report times: a definite order
    }
    const page = `query($after: String, $service: String) {
      incidents(first: 2, after: $after, filter: { service: $service }) {
        nodes { id } pageInfo { endCursor hasNextPage }
      }
    }`;
    type Page = {
      incidents: {
        nodes: Array<{ id: string }>;
        pageInfo: { endCursor: string | null; hasNextPage: boolean };
      };
    };
    const first = await graphqlRequest<Page>(service.url, page, {
      token: technician,
      variables: { service: affectedService },
    });
    const second = await graphqlRequest<Page>(service.url, page, {
      token: technician,
      variables: { service: affectedService, after: first.data!.incidents.pageInfo.endCursor },
    });
    expect(first.data!.incidents.pageInfo.hasNextPage).toBe(true);
    expect(second.data!.incidents.pageInfo).toEqual({ endCursor: expect.any(String), hasNextPage: false });
    expect([...first.data!.incidents.nodes, ...second.data!.incidents.nodes].map((node) => node.id)).toEqual(
      [...created].reverse(),
    );
    const notADate = Buffer.from(JSON.stringify(['yesterday', created[0]])).toString('base64url');
    for (const after of ['zzz', notADate]) {
      const bad = await graphqlRequest(service.url, page, { token: technician, variables: { after } });
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  async function create(): Promise<{ id: string }> {
    const response = await graphqlRequest<{ createIncident: { id: string } }>(service.url, createMutation, {
      token: technician,
      variables: { input: validInput },
    });
    return response.data!.createIncident;
  }

  async function counts() {
    const [row] = await service.deps.dataSource.query<[{ incidents: number; events: number }]>(
      `SELECT (SELECT count(*) FROM incident)::int AS incidents, (SELECT count(*) FROM outbox_message)::int AS events`,
    );
    return row;
  }
});
