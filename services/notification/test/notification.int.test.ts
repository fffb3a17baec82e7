import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { type IncidentStatus, incidentCreatedV1, incidentStatusChangedV1 } from '@mim/contracts';
import { type EventTopology, newEvent } from '@mim/messaging';
import type { RunningService } from '@mim/service-kit';
import {
  type TestService,
  eventually,
  graphqlRequest,
  publishEvent,
  startTestService,
  tokenFor,
} from '@mim/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { type NotificationEnv, readEnv } from '../src/env';
import { notificationService } from '../src/service-definition';

interface InboxItem {
  id: string;
  subject: string;
  readAt: string | null;
  incident: { id: string } | null;
}

const inboxQuery = `query Inbox($first: Int, $unreadOnly: Boolean) {
  myNotifications(first: $first, unreadOnly: $unreadOnly) { id subject readAt incident { id } }
}`;
const markRead = `mutation Read($id: ID!) { markNotificationRead(id: $id) { id readAt } }`;

describe('notification service (real PostgreSQL and NATS)', () => {
  let testService: TestService<NotificationEnv>;
  let topology: EventTopology;
  let service: RunningService;
  let technician: string;
  let numbers = 100;

  beforeAll(async () => {
    testService = await startTestService(notificationService, readEnv, { label: 'notification' });
    ({ service, topology } = testService);
    technician = await tokenFor('tech-1', ['service_desk_technician']);
  });

  afterAll(async () => {
    await testService?.stop();
  });

  it('tells the reporter their report was received, emits notification.sent.v1, and shows others nothing', async () => {
    const alice = await tokenFor('alice', ['end_user']);
    const bob = await tokenFor('bob', ['end_user']);
    const event = created('alice', 'Checkout returns HTTP 502');
    await publish(event);

    const [notification] = await eventually(async () => {
      const items = await inbox(alice);
      expect(items).toHaveLength(1);
      return items;
    });
    expect(notification).toMatchObject({
      subject: `We received your report ${event.data.number}: Checkout returns HTTP 502`,
      readAt: null,
      incident: { id: event.data.incidentId },
    });

    const jsm = await jetstreamManager(service.deps.bus.connection);
    const sent = await eventually(async () => {
      const message = await jsm.streams.getMessage(topology.stream, {
        last_by_subj: `${topology.subjectPrefix}.notification.sent.v1`,
      });
      expect(message).not.toBeNull();
      return message!.json<{ data: Record<string, unknown> }>();
    });
    expect(sent.data).toEqual({
      notificationId: notification!.id,
      incidentId: event.data.incidentId,
      recipientId: 'alice',
      channel: 'IN_APP',
      subject: notification!.subject,
      sourceEventId: event.id,
    });

    expect(await inbox(bob)).toEqual([]);
    for (const stranger of [bob, technician]) {
      const refused = await graphqlRequest(service.url, markRead, {
        token: stranger,
        variables: { id: notification!.id },
      });
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }

    const read = await graphqlRequest<{ markNotificationRead: { readAt: string | null } }>(
      service.url,
      markRead,
      { token: alice, variables: { id: notification!.id } },
    );
    expect(read.data?.markNotificationRead.readAt).toEqual(expect.any(String));
    expect(await inbox(alice, { unreadOnly: true })).toEqual([]);
  });

  it('tells the reporter when the incident is resolved, and no one when it is acknowledged', async () => {
    const carol = await tokenFor('carol', ['end_user']);
    const event = created('carol');
    await publish(event);
    await publish(statusChanged(event, 2, 'ACKNOWLEDGED'));
    await publish(statusChanged(event, 3, 'RESOLVED', 'Certificate renewed'));
    // Both transitions go through one consumer in stream order: once RESOLVED shows, ACKNOWLEDGED was handled.
    const items = await eventually(async () => {
      const found = await inbox(carol);
      expect(found).toHaveLength(2);
      return found;
    });
    expect(items.map((item) => item.subject)).toEqual([
      `Your incident ${event.data.number} is resolved`,
      `We received your report ${event.data.number}: ${event.data.title}`,
    ]);
  });

  it('applies a republished event once, through the inbox and, without it, through the unique delivery', async () => {
    const dave = await tokenFor('dave', ['end_user']);
    const event = created('dave');
    await publish(event);
    await eventually(async () => expect(await inbox(dave)).toHaveLength(1));

    // Same envelope, new message id: the broker's de-duplication does not catch it, the inbox does.
    await publish(event, `${event.id}-again`);
    await publishMarkerAndWait('dave', 2);
    // Without the inbox row the handler runs again; the unique (event, recipient, channel) holds.
    await service.deps.dataSource.query(`DELETE FROM inbox_message WHERE event_id = $1`, [event.id]);
    await publish(event, `${event.id}-third`);
    await publishMarkerAndWait('dave', 3);

    const [row] = await service.deps.dataSource.query<
      [{ notifications: number; sent: number; handled: number }]
    >(
      `SELECT (SELECT count(*) FROM notification WHERE source_event_id = $1)::int AS notifications,
              (SELECT count(*) FROM outbox_message
                WHERE subject = 'notification.sent.v1' AND envelope->'data'->>'sourceEventId' = $1::text)::int AS sent,
              (SELECT count(*) FROM inbox_message WHERE event_id = $1)::int AS handled`,
      [event.id],
    );
    expect(row).toEqual({ notifications: 1, sent: 1, handled: 1 });
  });

  it('shows the delivery log of an incident: staff every delivery, anyone else only their own', async () => {
    const erin = await tokenFor('erin', ['end_user']);
    const frank = await tokenFor('frank', ['end_user']);
    const erins = created('erin');
    const franks = created('frank');
    await publish(erins);
    await publish(statusChanged(erins, 2, 'RESOLVED'));
    await publish(franks);
    await eventually(async () => expect(await inbox(erin)).toHaveLength(2));
    await eventually(async () => expect(await inbox(frank)).toHaveLength(1));

    const logs = async (token: string) => {
      const response = await graphqlRequest<{
        _entities: Array<{ id: string; notifications: Array<{ recipientId: string }> }>;
      }>(
        service.url,
        `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Incident { id notifications { recipientId } } } }`,
        {
          token,
          variables: {
            reps: [erins, franks].map((e) => ({ __typename: 'Incident', id: e.data.incidentId })),
          },
        },
      );
      expect(response.errors).toBeUndefined();
      return response.data!._entities.map((incident) => incident.notifications.length);
    };
    expect(await logs(technician)).toEqual([2, 1]);
    expect(await logs(await tokenFor('cl', ['communications_lead']))).toEqual([2, 1]);
    expect(await logs(erin)).toEqual([2, 0]);
    expect(await logs(frank)).toEqual([0, 1]);
  });

  it('reads a notification by id: its recipient and staff do, another user gets null, as for unknown or malformed ids', async () => {
    const grace = await tokenFor('grace', ['end_user']);
    const event = created('grace', 'Printer on floor 3 jams');
    await publish(event);
    const [delivered] = await eventually(async () => {
      const items = await inbox(grace);
      expect(items).toHaveLength(1);
      return items;
    });
    const id = delivered!.id;

    expect(await notificationById(grace, id)).toEqual({
      id,
      recipientId: 'grace',
      channel: 'IN_APP',
      subject: `We received your report ${event.data.number}: Printer on floor 3 jams`,
      readAt: null,
      incident: { id: event.data.incidentId },
    });
    // Ids are UUIDs in any case, as everywhere else.
    expect((await notificationById(grace, id.toUpperCase()))?.id).toBe(id);
    // Staff read every delivery, as in Incident.notifications (notification.access.ts says why).
    expect((await notificationById(technician, id))?.recipientId).toBe('grace');
    expect((await notificationById(await tokenFor('admin-1', ['admin']), id))?.recipientId).toBe('grace');
    // Anyone else learns nothing, not even that it exists.
    for (const stranger of [
      await tokenFor('henry', ['end_user']),
      await tokenFor('x-1', ['external_consultant']),
    ]) {
      expect(await notificationById(stranger, id)).toBeNull();
    }
    expect(await notificationById(grace, randomUUID())).toBeNull();
    expect(await notificationById(grace, 'not-a-uuid')).toBeNull();
  });

  it('records a notification.sent.v1 with recipient and channel for every in-app delivery', async () => {
    const judy = await tokenFor('judy', ['end_user']);
    const event = created('judy');
    await publish(event);
    await publish(statusChanged(event, 2, 'RESOLVED', 'Cable replaced'));
    await eventually(async () => expect(await inbox(judy)).toHaveLength(2));

    const rows = await service.deps.dataSource.query<Array<{ id: string; events: unknown[] }>>(
      `SELECT n.id,
              coalesce((SELECT jsonb_agg(o.envelope->'data') FROM outbox_message o
                         WHERE o.subject = 'notification.sent.v1'
                           AND o.envelope->'data'->>'notificationId' = n.id::text), '[]') AS events
         FROM notification n WHERE n.recipient_id = 'judy' AND n.channel = 'IN_APP'
        ORDER BY n.created_at`,
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.events).toEqual([
        expect.objectContaining({ notificationId: row.id, recipientId: 'judy', channel: 'IN_APP' }),
      ]);
    }
  });

  it("counts the caller's own unread notifications, one fewer per notification read", async () => {
    const ivan = await tokenFor('ivan', ['end_user']);
    const event = created('ivan');
    await publish(event);
    await publish(statusChanged(event, 2, 'RESOLVED'));
    const [resolved, received] = await eventually(async () => {
      const items = await inbox(ivan);
      expect(items).toHaveLength(2);
      return items;
    });
    expect(await unreadCount(ivan)).toBe(2);
    // Staff have an inbox of their own: the badge never counts deliveries addressed to others.
    expect(await unreadCount(technician)).toBe(0);

    await read(ivan, resolved!.id);
    expect(await unreadCount(ivan)).toBe(1);
    await read(ivan, resolved!.id);
    expect(await unreadCount(ivan)).toBe(1);
    // Someone else's read (refused) changes nothing.
    const refused = await graphqlRequest(service.url, markRead, {
      token: await tokenFor('judy', ['end_user']),
      variables: { id: received!.id },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await unreadCount(ivan)).toBe(1);
    await read(ivan, received!.id);
    expect(await unreadCount(ivan)).toBe(0);
  });

  it('declares Subscription.myNotifications for composition, and leaves serving it to the gateway', async () => {
    const response = await graphqlRequest<{ _service: { sdl: string } }>(
      service.url,
      '{ _service { sdl } }',
      {
        token: technician,
      },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!._service.sdl).toMatch(/type Subscription \{[^}]*myNotifications: Notification!/);
  });

  it('refuses more than 100 notifications per page with BAD_USER_INPUT', async () => {
    const response = await graphqlRequest(service.url, inboxQuery, {
      token: technician,
      variables: { first: 101 },
    });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  function created(reporterId: string, title = 'VPN drops every few minutes') {
    numbers += 1;
    const incidentId = randomUUID();
    return newEvent(incidentCreatedV1, {
      aggregateId: incidentId,
      aggregateVersion: 1,
      actor: { kind: 'user', id: reporterId },
      correlationId: `test-${incidentId}`,
      data: {
        ...incidentCreatedV1.example,
        incidentId,
        number: `INC-${String(numbers).padStart(6, '0')}`,
        title,
        reporter: { id: reporterId, name: reporterId, email: null },
      },
    });
  }

  function statusChanged(
    incident: ReturnType<typeof created>,
    version: number,
    to: IncidentStatus,
    reason: string | null = null,
  ) {
    return newEvent(incidentStatusChangedV1, {
      aggregateId: incident.data.incidentId,
      aggregateVersion: version,
      actor: { kind: 'user', id: 'tech-1' },
      correlationId: incident.correlationId,
      data: {
        incidentId: incident.data.incidentId,
        number: incident.data.number,
        from: 'NEW',
        to,
        priority: incident.data.priority,
        reporterId: incident.data.reporter.id,
        reason,
        changedAt: new Date().toISOString(),
      },
    });
  }

  /** Publishes as a producer's outbox relay would, to this service's stream. */
  const publish = (event: { subject: string; id: string }, msgID?: string) =>
    publishEvent(service.deps.bus, event, msgID);

  /** A later incident.created.v1 for the same reporter: once it shows, everything before it was handled. */
  async function publishMarkerAndWait(reporterId: string, expected: number): Promise<void> {
    await publish(created(reporterId, 'Marker'));
    const token = await tokenFor(reporterId, ['end_user']);
    await eventually(async () => expect(await inbox(token)).toHaveLength(expected));
  }

  async function notificationById(token: string, id: string): Promise<Record<string, unknown> | null> {
    const response = await graphqlRequest<{ notification: Record<string, unknown> | null }>(
      service.url,
      `query($id: ID!) { notification(id: $id) { id recipientId channel subject readAt incident { id } } }`,
      { token, variables: { id } },
    );
    expect(response.errors).toBeUndefined();
    return response.data!.notification;
  }

  async function unreadCount(token: string): Promise<number> {
    const response = await graphqlRequest<{ myUnreadNotificationCount: number }>(
      service.url,
      `{ myUnreadNotificationCount }`,
      { token },
    );
    expect(response.errors).toBeUndefined();
    return response.data!.myUnreadNotificationCount;
  }

  async function read(token: string, id: string): Promise<void> {
    const response = await graphqlRequest(service.url, markRead, { token, variables: { id } });
    expect(response.errors).toBeUndefined();
  }

  async function inbox(token: string, variables: Record<string, unknown> = {}): Promise<InboxItem[]> {
    const response = await graphqlRequest<{ myNotifications: InboxItem[] }>(service.url, inboxQuery, {
      token,
      variables,
    });
    expect(response.errors).toBeUndefined();
    return response.data!.myNotifications;
  }
});
