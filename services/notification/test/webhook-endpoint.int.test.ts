import 'reflect-metadata';
import { createHmac, randomUUID } from 'node:crypto';
import type { RunningService } from '@mim/service-kit';
import {
  ServiceCaller,
  type TestService,
  type WebhookReceiver,
  eventually,
  startTestService,
  startWebhookReceiver,
  tokenFor,
} from '@mim/testing';
import type { DataSource } from 'typeorm';
import { type NotificationEnv, readEnv } from '../src/env';
import { verifyWebhookSignature } from '../src/modules/delivery/webhook-signature';
import { notificationService } from '../src/service-definition';
import { deliveryRow, insertDelivery, insertGroup } from './delivery.fixtures';

interface Endpoint {
  id: string;
  groupId: string;
  name: string;
  url: string;
  format: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}
interface WithSecret {
  endpoint: Endpoint;
  signingSecret: string;
}
interface GraphQLErrorShape {
  extensions?: { code?: string; fields?: Array<{ path: string; message: string }> };
}

const endpointFields = 'id groupId name url format enabled createdAt updatedAt';
const listQuery = `query Endpoints($groupId: ID) { webhookEndpoints(groupId: $groupId) { ${endpointFields} } }`;
const createMutation = `mutation Create($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { endpoint { ${endpointFields} } signingSecret }
}`;
const updateMutation = `mutation Update($id: ID!, $input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(id: $id, input: $input) { ${endpointFields} }
}`;
const rotateMutation = `mutation Rotate($id: ID!) {
  rotateWebhookEndpointSecret(id: $id) { endpoint { ${endpointFields} } signingSecret }
}`;
const deleteMutation = `mutation Delete($id: ID!) { deleteWebhookEndpoint(id: $id) }`;

/** Webhook endpoint administration through the subgraph's GraphQL API, and what the secret it returns is for. */
describe('webhook endpoints (real PostgreSQL, real HTTP)', () => {
  let testService: TestService<NotificationEnv>;
  let service: RunningService;
  let db: DataSource;
  let api: ServiceCaller;
  let receiver: WebhookReceiver;
  let admin: string;
  let communicationsLead: string;
  let technician: string;
  let incidentManager: string;
  let endUser: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    testService = await startTestService(notificationService, readEnv, {
      label: 'notification_webhook_endpoints',
      overrides: { NOTIFICATION_RETRY_BASE_MS: '20', NOTIFICATION_RETRY_MAX_MS: '50' },
    });
    service = testService.service;
    db = service.deps.dataSource;
    const url = service.url;
    api = new (class extends ServiceCaller {
      protected get url() {
        return url;
      }
    })();
    admin = await tokenFor('admin-1', ['admin']);
    communicationsLead = await tokenFor('comms-1', ['communications_lead']);
    technician = await tokenFor('tech-1', ['service_desk_technician']);
    incidentManager = await tokenFor('mim-1', ['major_incident_manager']);
    endUser = await tokenFor('user-1', ['end_user']);
  });
  afterAll(async () => {
    await testService?.stop();
    await receiver?.stop();
  });

  const create = (token: string, input: Record<string, unknown>) =>
    api.ok<WithSecret>(token, createMutation, { input });
  const inputErrors = async (token: string, query: string, variables: Record<string, unknown>) => {
    const response = await api.call(token, query, variables);
    const [error] = (response.errors ?? []) as GraphQLErrorShape[];
    return {
      code: error?.extensions?.code,
      fields: error?.extensions?.fields?.map((field) => field.path) ?? [],
    };
  };

  it('creates an endpoint and returns its signing secret once; no query can read the secret back', async () => {
    const groupId = await insertGroup(db, 'Payments team');
    const { endpoint, signingSecret } = await create(communicationsLead, {
      groupId,
      name: ' Payments on-call ',
      url: 'https://hooks.example.test/services/T000/B000/XXXX',
      format: 'SLACK',
    });

    expect(endpoint).toEqual({
      id: expect.any(String),
      groupId,
      name: 'Payments on-call',
      url: 'https://hooks.example.test/services/T000/B000/XXXX',
      format: 'SLACK',
      enabled: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(signingSecret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const [stored] = await db.query<[{ secret: string }]>(
      `SELECT secret FROM webhook_endpoint WHERE id = $1`,
      [endpoint.id],
    );
    expect(stored.secret).toBe(signingSecret);

    // The type has no secret field at all.
    const asked = await api.call(communicationsLead, `{ webhookEndpoints { id secret } }`);
    expect(asked.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(await api.ok(admin, listQuery, { groupId }))).not.toContain(signingSecret);
  });

  it("lists a group's endpoints for staff, by name; the URL (a credential for Slack and Teams) only for managers", async () => {
    const groupId = await insertGroup(db, 'Service desk');
    await create(admin, { groupId, name: 'Zulu', url: 'https://hooks.example.test/services/secret-path' });
    await create(admin, { groupId, name: 'Alpha', url: 'http://on-call.example.test:8080/hook?token=abc' });

    const managed = await api.ok<Endpoint[]>(communicationsLead, listQuery, { groupId });
    expect(managed.map((endpoint) => [endpoint.name, endpoint.url, endpoint.format])).toEqual([
      ['Alpha', 'http://on-call.example.test:8080/hook?token=abc', 'GENERIC'],
      ['Zulu', 'https://hooks.example.test/services/secret-path', 'GENERIC'],
    ]);
    const seen = await api.ok<Endpoint[]>(technician, listQuery, { groupId });
    expect(seen.map((endpoint) => endpoint.url)).toEqual([
      'http://on-call.example.test:8080/…',
      'https://hooks.example.test/…',
    ]);
    expect((await api.ok<Endpoint[]>(admin, listQuery, {})).length).toBeGreaterThanOrEqual(2);
    expect(await api.ok<Endpoint[]>(technician, listQuery, { groupId: randomUUID() })).toEqual([]);
    expect(await api.ok<Endpoint[]>(technician, listQuery, { groupId: 'nope' })).toEqual([]);
    expect(await api.errorCode(endUser, listQuery, { groupId })).toBe('FORBIDDEN');
  });

  it('lets only admins and communications leads manage endpoints', async () => {
    const groupId = await insertGroup(db);
    const { endpoint } = await create(admin, { groupId, name: 'Ops', url: 'https://ops.example.test/hook' });
    for (const refused of [technician, incidentManager, endUser]) {
      expect(
        await api.errorCode(refused, createMutation, {
          input: { groupId, name: 'Mine', url: 'https://x.example.test' },
        }),
      ).toBe('FORBIDDEN');
      expect(
        await api.errorCode(refused, updateMutation, { id: endpoint.id, input: { enabled: false } }),
      ).toBe('FORBIDDEN');
      expect(await api.errorCode(refused, rotateMutation, { id: endpoint.id })).toBe('FORBIDDEN');
      expect(await api.errorCode(refused, deleteMutation, { id: endpoint.id })).toBe('FORBIDDEN');
    }
    expect((await api.ok<Endpoint[]>(admin, listQuery, { groupId }))[0]).toMatchObject({ enabled: true });
  });

  it('refuses invalid input with BAD_USER_INPUT listing every field at fault, and an unknown group with NOT_FOUND', async () => {
    const groupId = await insertGroup(db);
    expect(
      await inputErrors(communicationsLead, createMutation, {
        input: { groupId, name: '   ', url: 'ftp://files.example.test/hook' },
      }),
    ).toEqual({ code: 'BAD_USER_INPUT', fields: ['name', 'url'] });
    for (const url of [
      'https://user:password@hooks.example.test/hook',
      'hooks.example.test/hook',
      `https://hooks.example.test/${'x'.repeat(2000)}`,
      'javascript:alert(1)',
    ]) {
      expect(
        await inputErrors(communicationsLead, createMutation, { input: { groupId, name: 'Bad', url } }),
      ).toEqual({ code: 'BAD_USER_INPUT', fields: ['url'] });
    }
    expect(
      await api.errorCode(communicationsLead, createMutation, {
        input: { groupId: randomUUID(), name: 'Orphan', url: 'https://x.example.test' },
      }),
    ).toBe('NOT_FOUND');
    expect(
      await api.errorCode(communicationsLead, createMutation, {
        input: { groupId: 'not-a-uuid', name: 'Orphan', url: 'https://x.example.test' },
      }),
    ).toBe('NOT_FOUND');
  });

  it('updates only the fields given, and tells NOT_FOUND for an unknown endpoint', async () => {
    const groupId = await insertGroup(db);
    const { endpoint } = await create(communicationsLead, {
      groupId,
      name: 'Teams channel',
      url: 'https://teams.example.test/webhook/1',
      format: 'TEAMS',
    });

    const updated = await api.ok<Endpoint>(communicationsLead, updateMutation, {
      id: endpoint.id,
      input: { enabled: false, url: 'https://teams.example.test/webhook/2' },
    });

    expect(updated).toMatchObject({
      name: 'Teams channel',
      url: 'https://teams.example.test/webhook/2',
      format: 'TEAMS',
      enabled: false,
    });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(endpoint.updatedAt));
    expect(
      await inputErrors(communicationsLead, updateMutation, {
        id: endpoint.id,
        input: { url: 'mailto:a@b.c' },
      }),
    ).toEqual({ code: 'BAD_USER_INPUT', fields: ['input.url'] });
    expect(
      await api.errorCode(communicationsLead, updateMutation, { id: randomUUID(), input: { name: 'Ghost' } }),
    ).toBe('NOT_FOUND');
  });

  it('signs deliveries with the secret it returned; after a rotation, with the new one only', async () => {
    const groupId = await insertGroup(db);
    const created = await create(communicationsLead, { groupId, name: 'Receiver', url: receiver.url });
    const first = await insertDelivery(db, { webhookEndpointId: created.endpoint.id });
    const [delivered] = await receiver.waitForRequests(1);

    expect(delivered!.deliveryId).toBe(first);
    const timestamp = delivered!.headers['x-mim-timestamp'] as string;
    const signature = delivered!.headers['x-mim-signature'] as string;
    const expected = createHmac('sha256', created.signingSecret)
      .update(`${timestamp}.`)
      .update(delivered!.rawBody);
    expect(signature).toBe(`v1=${expected.digest('hex')}`);
    expect(
      verifyWebhookSignature({
        secret: created.signingSecret,
        timestamp,
        signature,
        rawBody: delivered!.rawBody,
      }),
    ).toEqual({ valid: true });

    const rotated = await api.ok<WithSecret>(communicationsLead, rotateMutation, { id: created.endpoint.id });
    expect(rotated.signingSecret).not.toBe(created.signingSecret);
    expect(rotated.endpoint.id).toBe(created.endpoint.id);
    await insertDelivery(db, { webhookEndpointId: created.endpoint.id });
    const [, second] = await receiver.waitForRequests(2);
    const verify = (secret: string) =>
      verifyWebhookSignature({
        secret,
        timestamp: second!.headers['x-mim-timestamp'] as string,
        signature: second!.headers['x-mim-signature'] as string,
        rawBody: second!.rawBody,
      });
    expect(verify(rotated.signingSecret)).toEqual({ valid: true });
    expect(verify(created.signingSecret)).toEqual({ valid: false, reason: 'mismatch' });
    expect(await api.errorCode(communicationsLead, rotateMutation, { id: randomUUID() })).toBe('NOT_FOUND');
  });

  it('deletes an endpoint (true, then false), and its pending deliveries are dead-lettered, not sent', async () => {
    const groupId = await insertGroup(db);
    const { endpoint } = await create(admin, { groupId, name: 'Short-lived', url: receiver.url });

    expect(await api.ok<boolean>(communicationsLead, deleteMutation, { id: endpoint.id })).toBe(true);
    expect(await api.ok<boolean>(communicationsLead, deleteMutation, { id: endpoint.id })).toBe(false);
    expect(await api.ok<boolean>(communicationsLead, deleteMutation, { id: 'not-a-uuid' })).toBe(false);
    expect(await api.ok<Endpoint[]>(admin, listQuery, { groupId })).toEqual([]);

    const requestsBefore = receiver.requests().length;
    const orphan = await insertDelivery(db, { webhookEndpointId: endpoint.id });
    await eventually(async () =>
      expect(await deliveryRow(db, orphan)).toMatchObject({
        status: 'DEAD_LETTERED',
        last_error: `webhook endpoint ${endpoint.id} no longer exists`,
      }),
    );
    expect(receiver.requests()).toHaveLength(requestsBefore);
  });

  it("deletes a group's endpoints with the group", async () => {
    const groupId = await insertGroup(db);
    await create(admin, { groupId, name: 'Cascade', url: 'https://x.example.test/hook' });
    await db.query(`DELETE FROM stakeholder_group WHERE id = $1`, [groupId]);
    expect(await api.ok<Endpoint[]>(admin, listQuery, { groupId })).toEqual([]);
  });
});
