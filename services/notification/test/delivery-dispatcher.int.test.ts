import 'reflect-metadata';
import { createHmac } from 'node:crypto';
import {
  type MigratedTestDatabase,
  type WebhookReceiver,
  createMigratedTestDatabase,
  eventually,
  startWebhookReceiver,
  webhookResponders,
} from '@mim/testing';
import type { DataSource } from 'typeorm';
import { entities, migrations } from '../src/data-source';
import type { DeliveryDispatcher } from '../src/modules/delivery/delivery.dispatcher';
import { DeliveryStore } from '../src/modules/delivery/delivery.store';
import { EmailSender } from '../src/modules/delivery/email.sender';
import { WebhookSender } from '../src/modules/delivery/webhook.sender';
import {
  deliveryRow,
  insertDelivery,
  insertDeliveries,
  insertEndpoint,
  sentEvents,
  testDispatcher,
} from './delivery.fixtures';

/**
 * The dispatcher against a real PostgreSQL and a real HTTP receiver: claims, retries, dead letters,
 * leases and races. Dispatchers are built here directly (no service running), so each test decides when
 * they run: `runDue()` is one pass over what is due.
 */
const unusedSmtp = { smtpUrl: 'smtp://127.0.0.1:9', from: 'MIM <mim@mim.test>', timeoutMs: 1000 };

describe('delivery dispatcher: webhooks (real PostgreSQL, real HTTP)', () => {
  let database: MigratedTestDatabase;
  let db: DataSource;
  let receiver: WebhookReceiver;
  const dispatchers: DeliveryDispatcher[] = [];

  const dispatcher = (options: Parameters<typeof testDispatcher>[1] = {}) => {
    const created = testDispatcher(db, options);
    dispatchers.push(created);
    return created;
  };
  /** Passes until the delivery leaves PENDING; each pass attempts whatever is due. */
  const settle = async (worker: DeliveryDispatcher, id: string) =>
    eventually(async () => {
      await worker.runDue();
      const row = await deliveryRow(db, id);
      expect(row.status).not.toBe('PENDING');
      return row;
    });

  beforeAll(async () => {
    database = await createMigratedTestDatabase('notification_delivery', { entities, migrations });
    db = database.dataSource;
  });
  beforeEach(async () => {
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    for (const worker of dispatchers.splice(0)) await worker.stop();
    await receiver.stop();
    // Each test reads only its own deliveries; none left behind for the next one's dispatcher.
    await db.query(`DELETE FROM notification`);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('posts the planned body, signed so that a receiver verifies it with node:crypto alone, and records it SENT once', async () => {
    const endpoint = await insertEndpoint(db, { url: receiver.url });
    const payload = { version: 1, subject: 'Major incident INC-000042', text: 'Checkout is down', n: [1, 2] };
    const id = await insertDelivery(db, {
      webhookEndpointId: endpoint.id,
      payload,
      template: 'MAJOR_DECLARED',
    });
    const before = Math.floor(Date.now() / 1000);

    expect(await dispatcher().runDue()).toBe(1);

    const [request] = receiver.requests();
    expect(receiver.requests()).toHaveLength(1);
    expect(request!.method).toBe('POST');
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'MIM-Webhooks/1',
      'x-mim-delivery-id': id,
      'x-mim-event': 'MAJOR_DECLARED',
    });
    const timestamp = Number(request!.headers['x-mim-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    const expected = createHmac('sha256', endpoint.secret)
      .update(`${request!.headers['x-mim-timestamp'] as string}.`)
      .update(request!.rawBody)
      .digest('hex');
    expect(request!.headers['x-mim-signature']).toBe(`v1=${expected}`);
    expect(JSON.parse(request!.rawBody.toString('utf8'))).toEqual(payload);

    const row = await deliveryRow(db, id);
    expect(row).toMatchObject({ status: 'SENT', attempts: 1, last_error: null, locked_until: null });
    expect(row.sent_at).toBeInstanceOf(Date);
    const events = await sentEvents(db, [id]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      correlationId: 'test-correlation',
      data: { notificationId: id, recipientId: `webhook:${endpoint.id}`, channel: 'WEBHOOK' },
    });
  });

  it('retries a receiver that fails twice, then records the one success: attempts 3, one notification.sent.v1', async () => {
    receiver.respondWith(webhookResponders.failFirst(2, 500));
    const endpoint = await insertEndpoint(db, { url: receiver.url });
    const id = await insertDelivery(db, { webhookEndpointId: endpoint.id });

    const row = await settle(dispatcher(), id);

    expect(row).toMatchObject({ status: 'SENT', attempts: 3, last_error: null, dead_lettered_at: null });
    expect(receiver.requests().map((request) => [request.deliveryId, request.status])).toEqual([
      [id, 500],
      [id, 500],
      [id, 200],
    ]);
    expect(await sentEvents(db, [id])).toHaveLength(1);
  });

  it('keeps the error of a failed attempt and waits the backoff before the next one', async () => {
    receiver.respondWith(webhookResponders.always({ status: 500, body: 'database is down' }));
    const endpoint = await insertEndpoint(db, { url: receiver.url });
    const id = await insertDelivery(db, { webhookEndpointId: endpoint.id });
    const worker = dispatcher({
      retry: { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      random: () => 0.5,
    });

    await worker.runDue();
    await worker.runDue(); // not due again yet: nothing is sent

    const row = await deliveryRow(db, id);
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1, locked_until: null });
    expect(row.last_error).toBe(`POST ${receiver.url} answered 500: database is down`);
    const waitMs = row.next_attempt_at!.getTime() - Date.now();
    expect(waitMs).toBeGreaterThan(20_000); // half of the 60 s ceiling, drawn by the fixed jitter
    expect(waitMs).toBeLessThanOrEqual(30_000);
    expect(receiver.requests()).toHaveLength(1);
  });

  it("waits what a 429's Retry-After asks, up to the cap", async () => {
    const endpoint = await insertEndpoint(db, { url: receiver.url });
    const worker = dispatcher({ retry: { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 120_000 } });

    receiver.respondWith(webhookResponders.always({ status: 429, headers: { 'retry-after': '30' } }));
    const polite = await insertDelivery(db, { webhookEndpointId: endpoint.id });
    await worker.runDue();
    const waitMs = (await deliveryRow(db, polite)).next_attempt_at!.getTime() - Date.now();
    expect(waitMs).toBeGreaterThan(25_000);
    expect(waitMs).toBeLessThanOrEqual(30_000);

    receiver.respondWith(webhookResponders.always({ status: 503, headers: { 'retry-after': '86400' } }));
    const greedy = await insertDelivery(db, { webhookEndpointId: endpoint.id });
    await worker.runDue();
    const cappedMs = (await deliveryRow(db, greedy)).next_attempt_at!.getTime() - Date.now();
    expect(cappedMs).toBeGreaterThan(110_000);
    expect(cappedMs).toBeLessThanOrEqual(120_000);
  });

  it('dead-letters a delivery whose every attempt failed, after the last one', async () => {
    receiver.respondWith(webhookResponders.always(503));
    const endpoint = await insertEndpoint(db, { url: receiver.url });
    const id = await insertDelivery(db, { webhookEndpointId: endpoint.id });

    const row = await settle(dispatcher(), id);

    expect(row).toMatchObject({
      status: 'DEAD_LETTERED',
      attempts: 3,
      next_attempt_at: null,
      locked_until: null,
    });
    expect(row.dead_lettered_at).toBeInstanceOf(Date);
    expect(row.last_error).toContain('answered 503');
    expect(receiver.requestsFor(id)).toHaveLength(3);
    expect(await sentEvents(db, [id])).toEqual([]);
  });

  it.each([
    [410, 'answered 410'],
    [400, 'answered 400'],
    [301, 'redirects are not followed'],
  ])('dead-letters at once a receiver answering %i (retrying cannot help)', async (status, error) => {
    receiver.respondWith(webhookResponders.always({ status, headers: { location: 'http://127.0.0.1:1/' } }));
    const endpoint = await insertEndpoint(db, { url: receiver.url });
    const id = await insertDelivery(db, { webhookEndpointId: endpoint.id });

    await dispatcher().runDue();

    const row = await deliveryRow(db, id);
    expect(row).toMatchObject({ status: 'DEAD_LETTERED', attempts: 1 });
    expect(row.last_error).toContain(error);
    expect(receiver.requests()).toHaveLength(1);
  });

  it('retries a receiver that cannot be reached or answers too late', async () => {
    const unreachable = await insertEndpoint(db, { url: 'http://127.0.0.1:9/hook' });
    receiver.respondWith(() => new Promise((resolve) => setTimeout(() => resolve(200), 2000)));
    const slow = await insertEndpoint(db, { url: receiver.url });
    const [refused, late] = await insertDeliveries(db, [
      { webhookEndpointId: unreachable.id },
      { webhookEndpointId: slow.id },
    ]);
    const impatient = dispatcher({
      retry: { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      senders: { EMAIL: new EmailSender(unusedSmtp), WEBHOOK: new WebhookSender({ timeoutMs: 300 }) },
    });

    await impatient.runDue();

    const refusedRow = await deliveryRow(db, refused!);
    expect(refusedRow).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(refusedRow.last_error).toMatch(/^POST http:\/\/127\.0\.0\.1:9\/hook: connect ECONNREFUSED/);
    const lateRow = await deliveryRow(db, late!);
    expect(lateRow).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(lateRow.last_error).toBe(`POST ${receiver.url}: no answer within 300 ms`);
  });

  it('dead-letters without a call a delivery whose endpoint was disabled or deleted meanwhile', async () => {
    const disabled = await insertEndpoint(db, { url: receiver.url, enabled: false });
    const deleted = await insertEndpoint(db, { url: receiver.url });
    const [toDisabled, toDeleted] = await insertDeliveries(db, [
      { webhookEndpointId: disabled.id },
      { webhookEndpointId: deleted.id },
    ]);
    await db.query(`DELETE FROM webhook_endpoint WHERE id = $1`, [deleted.id]);

    await dispatcher().runDue();

    expect(await deliveryRow(db, toDisabled!)).toMatchObject({
      status: 'DEAD_LETTERED',
      attempts: 1,
      last_error: `webhook endpoint "${disabled.name}" is disabled`,
    });
    expect(await deliveryRow(db, toDeleted!)).toMatchObject({
      status: 'DEAD_LETTERED',
      attempts: 1,
      last_error: `webhook endpoint ${deleted.id} no longer exists`,
    });
    expect(receiver.requests()).toEqual([]);
  });

  it('two dispatchers racing over 200 deliveries send each exactly once', async () => {
    const endpoint = await insertEndpoint(db, { url: receiver.url });
    const ids = await insertDeliveries(
      db,
      Array.from({ length: 200 }, () => ({ webhookEndpointId: endpoint.id })),
    );
    const first = dispatcher({ concurrency: 16, batchSize: 10 });
    const second = dispatcher({ concurrency: 16, batchSize: 10 });

    const [claimedByFirst, claimedBySecond] = await Promise.all([first.runDue(), second.runDue()]);

    expect(claimedByFirst + claimedBySecond).toBe(200);
    // Both took part (each claims 10 at a time while the other sends).
    expect(claimedByFirst).toBeGreaterThan(0);
    expect(claimedBySecond).toBeGreaterThan(0);
    const counts = receiver.countsByDeliveryId();
    expect(counts.size).toBe(200);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    expect(new Set(counts.keys())).toEqual(new Set(ids));
    const [{ sent }] = await db.query<[{ sent: number }]>(
      `SELECT count(*)::int AS sent FROM notification WHERE id = ANY($1::uuid[]) AND status = 'SENT' AND attempts = 1`,
      [ids],
    );
    expect(sent).toBe(200);
    const events = await sentEvents(db, ids);
    expect(events).toHaveLength(200);
    expect(new Set(events.map((event) => event.data.notificationId)).size).toBe(200);
  });

  it('attempts again a claim whose sender died (its lease expired), and only then', async () => {
    const endpoint = await insertEndpoint(db, { url: receiver.url });
    const id = await insertDelivery(db, { webhookEndpointId: endpoint.id });
    // A dispatcher claims it with a 1 s lease, then "crashes": nothing is sent, nothing recorded.
    const [claim] = await new DeliveryStore(db).claim(10, 1000);
    expect(claim).toMatchObject({ id, attempt: 1 });

    const survivor = dispatcher();
    expect(await survivor.runDue()).toBe(0); // still held by the dead claim
    const row = await settle(survivor, id);

    expect(row).toMatchObject({ status: 'SENT', attempts: 2, last_error: null });
    expect(receiver.requests()).toHaveLength(1);
    expect(await sentEvents(db, [id])).toHaveLength(1);
  });

  it("does not record an attempt that outlived its claim over the newer claim's", async () => {
    const endpoint = await insertEndpoint(db, { url: receiver.url });
    const id = await insertDelivery(db, { webhookEndpointId: endpoint.id });
    const store = new DeliveryStore(db);
    const [stale] = await store.claim(10, 1);
    await eventually(async () => {
      const [newer] = await store.claim(10, 30_000);
      expect(newer).toMatchObject({ id, attempt: 2 });
    });

    const recorded = await store.record([
      { id, channel: 'WEBHOOK', lease: stale!.lease, kind: 'dead_lettered', delayMs: 0, error: 'too late' },
    ]);

    expect(recorded).toEqual([]);
    expect(await deliveryRow(db, id)).toMatchObject({ status: 'PENDING', attempts: 2 });
    expect((await deliveryRow(db, id)).last_error).toBe('attempt 1 did not finish within its lease');
  });

  it('dead-letters a delivery whose attempts all died mid-send instead of trying forever', async () => {
    const endpoint = await insertEndpoint(db, { url: receiver.url });
    const id = await insertDelivery(db, { webhookEndpointId: endpoint.id });
    const store = new DeliveryStore(db);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await eventually(async () => expect(await store.claim(10, 1)).toHaveLength(1));
    }

    const row = await settle(dispatcher(), id);

    expect(row).toMatchObject({ status: 'DEAD_LETTERED', attempts: 4 });
    expect(row.last_error).toBe('attempt 3 did not finish within its lease');
    expect(receiver.requests()).toEqual([]);
  });

  it('wakes on a committed delivery (LISTEN/NOTIFY) instead of sleeping until its next poll', async () => {
    const endpoint = await insertEndpoint(db, { url: receiver.url });
    const worker = dispatcher({ maxSleepMs: 120_000 });
    await worker.start();
    // Let the loop find nothing and go to sleep for two minutes.
    await new Promise((resolve) => setTimeout(resolve, 200));

    const id = await insertDelivery(db, { webhookEndpointId: endpoint.id });

    await receiver.waitForRequests(1, 5000);
    await eventually(async () => expect((await deliveryRow(db, id)).status).toBe('SENT'), {
      timeoutMs: 5000,
    });
  });

  it('on stop, lets the sends in flight finish and be recorded, and releases the claims not yet attempted', async () => {
    receiver.respondWith(() => new Promise((resolve) => setTimeout(() => resolve(200), 300)));
    const endpoint = await insertEndpoint(db, { url: receiver.url });
    const ids = await insertDeliveries(
      db,
      Array.from({ length: 20 }, () => ({ webhookEndpointId: endpoint.id })),
    );
    const worker = dispatcher({ concurrency: 2, batchSize: 10 });
    await worker.start();
    await receiver.waitForRequests(1, 5000).catch(() => undefined);
    await eventually(() => expect(receiver.requests().length).toBeGreaterThan(0));

    await worker.stop();

    const rows = await db.query<
      Array<{ id: string; status: string; attempts: number; locked_until: Date | null }>
    >(`SELECT id, status, attempts, locked_until FROM notification WHERE id = ANY($1::uuid[])`, [ids]);
    const sentIds = rows.filter((row) => row.status === 'SENT').map((row) => row.id);
    // Every request the receiver got was recorded; nothing else was sent.
    expect(new Set(sentIds)).toEqual(new Set(receiver.requests().map((request) => request.deliveryId)));
    expect(sentIds.length).toBeGreaterThan(0);
    expect(sentIds.length).toBeLessThan(20);
    for (const row of rows.filter((candidate) => candidate.status !== 'SENT')) {
      expect(row).toMatchObject({ status: 'PENDING', attempts: 0, locked_until: null });
    }
  });
});
