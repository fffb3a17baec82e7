import 'reflect-metadata';
import { incidentService, readEnv as readIncidentEnv } from '@mim/incident-service';
import { notificationService, readEnv as readNotificationEnv } from '@mim/notification-service';
import { type RunningService, startService } from '@mim/service-kit';
import {
  type NatsServerProcess,
  type TestDatabase,
  createTestDatabase,
  eventually,
  graphqlRequest,
  startNatsServer,
  testEventTopology,
  testServiceEnv,
  tokenFor,
} from '@mim/testing';

describe('broker outage: writes go on, events follow once NATS is back', () => {
  let nats: NatsServerProcess;
  const databases: TestDatabase[] = [];
  let incident: RunningService;
  let notification: RunningService;

  beforeAll(async () => {
    nats = await startNatsServer();
    const topology = testEventTopology();
    const env = async (label: string) => {
      const database = await createTestDatabase(label);
      databases.push(database);
      return testServiceEnv({ databaseUrl: database.url, topology, natsUrl: nats.url });
    };
    incident = await startService(incidentService, readIncidentEnv(await env('outage_incident')));
    notification = await startService(
      notificationService,
      readNotificationEnv(await env('outage_notification')),
    );
  });
  afterAll(async () => {
    await incident?.stop();
    await notification?.stop();
    for (const database of databases) await database.drop();
    await nats?.dispose();
  });

  it('accepts incident mutations with NATS down and delivers every event exactly once afterwards', async () => {
    const reporter = await tokenFor('reporter-1', ['end_user'], { name: 'Rita Reporter' });
    const create = (title: string) =>
      graphqlRequest<{ createIncident: { id: string; number: string } }>(
        incident.url,
        `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id number } }`,
        {
          token: reporter,
          variables: {
            input: { title, description: 'd', channel: 'PORTAL', impact: 'MINOR', urgency: 'LOW' },
          },
        },
      );
    const inbox = () =>
      graphqlRequest<{ myNotifications: Array<{ subject: string }> }>(
        notification.url,
        `{ myNotifications(first: 100) { subject } }`,
        { token: reporter },
      );

    await nats.kill();
    const created: string[] = [];
    // Unrelated reports: five similar ones in minutes would (rightly) also raise a major incident candidate.
    const titles = [
      'VPN drops every hour',
      'Printer jams on floor 2',
      'Payroll export is empty',
      'Laptop battery swollen',
      'Badge reader rejects cards',
    ];
    for (const title of titles) {
      const response = await create(title);
      expect(response.errors).toBeUndefined();
      created.push(response.data!.createIncident.number);
    }
    // Each creation waits in the outbox: the incident's event and its first timeline entry's.
    const pending = await incident.deps.dataSource.query<Array<{ subject: string; n: number }>>(
      `SELECT subject, count(*)::int AS n FROM outbox_message WHERE published_at IS NULL
       GROUP BY subject ORDER BY subject`,
    );
    expect(pending).toEqual([
      { subject: 'incident.created.v1', n: 5 },
      { subject: 'incident.timeline_entry_recorded.v1', n: 5 },
    ]);

    await nats.restart();
    const subjects = await eventually(
      async () => {
        const response = await inbox();
        expect(response.data?.myNotifications).toHaveLength(5);
        return response.data!.myNotifications.map((item) => item.subject);
      },
      { timeoutMs: 40_000, intervalMs: 250 },
    );
    for (const number of created)
      expect(subjects.filter((subject) => subject.includes(number))).toHaveLength(1);
  });

  it('starts a service while NATS is down: it takes writes at once and publishes them when NATS returns', async () => {
    const database = await createTestDatabase('outage_late_start');
    databases.push(database);
    const topology = testEventTopology();
    await nats.kill();
    let listening: { url: string } | null = null;
    const starting = startService(
      incidentService,
      readIncidentEnv(testServiceEnv({ databaseUrl: database.url, topology, natsUrl: nats.url })),
      { onListening: (server) => (listening = server) },
    );
    const url = await eventually(() => {
      expect(listening).not.toBeNull();
      return listening!.url;
    });
    const technician = await tokenFor('tech-late', ['service_desk_technician']);
    const created = await graphqlRequest<{ createIncident: { id: string } }>(
      url,
      `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`,
      {
        token: technician,
        variables: {
          input: {
            title: 'Logged during the outage',
            description: 'd',
            channel: 'PHONE',
            impact: 'MINOR',
            urgency: 'LOW',
          },
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const readiness = (await (await fetch(url.replace('/graphql', '/readyz'))).json()) as {
      status: string;
      degraded: Record<string, string>;
    };
    expect(readiness.status).toBe('ready');
    expect(readiness.degraded.broker).not.toBe('ok');

    await nats.restart();
    const late = await starting;
    try {
      const stored = await eventually(
        async () => {
          const message = await late.deps.bus.jsm.streams.getMessage(topology.stream, {
            last_by_subj: `${topology.subjectPrefix}.incident.created.v1`,
          });
          expect(message).not.toBeNull();
          return message!.json<{ aggregate: { id: string } }>();
        },
        { timeoutMs: 20_000 },
      );
      expect(stored.aggregate.id).toBe(created.data!.createIncident.id);
    } finally {
      await late.stop();
    }
  });
});
