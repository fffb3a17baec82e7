import { SignJWT } from 'jose';
import { eventually, graphqlRequest, testAuth, tokenFor } from '@mim/testing';
import { type GatewayProcess, startGatewayProcess } from './gateway-process';
import { type LiveClient, liveClient, openSubscriptions } from './live-client';
import { type Stack, startStack } from './stack';

interface TimelinePayload {
  incidentTimeline: {
    position: number;
    kind: string;
    source: string;
    incident: {
      number: string;
      problems: Array<{ number: string; status: string }>;
      changes: Array<{ number: string; status: string }>;
      metrics: { timeToAcknowledgeSeconds: number | null } | null;
    };
  };
}

const timelineSubscription = `
  subscription Timeline($incidentId: ID!, $after: Int) {
    incidentTimeline(incidentId: $incidentId, after: $after) {
      position kind source
      incident { number problems { number status } changes { number status } metrics { timeToAcknowledgeSeconds } }
    }
  }`;

const plainTimeline = `
  subscription Timeline($incidentId: ID!, $after: Int) {
    incidentTimeline(incidentId: $incidentId, after: $after) { position kind source summary }
  }`;

describe('live subscriptions through the gateway (graphql-ws over real sockets)', () => {
  let stack: Stack;
  let manager: string;
  const clients: LiveClient[] = [];

  const open = (token: string | null, url = stack.gatewayUrl) => {
    const client = liveClient(url, token);
    clients.push(client);
    return client;
  };
  const call = async <T>(query: string, variables: Record<string, unknown> = {}, token = manager) => {
    const response = await graphqlRequest<T>(stack.gatewayUrl, query, { token, variables });
    expect(response.errors).toBeUndefined();
    return response.data as T;
  };

  const createIncident = async (title: string, token = manager) =>
    (
      await call<{ createIncident: { id: string; number: string; version: number } }>(
        `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id number version } }`,
        {
          input: {
            title,
            description: 'Checkout answers 502 for every customer',
            channel: 'PORTAL',
            impact: 'EXTENSIVE',
            urgency: 'CRITICAL',
            affectedServices: ['checkout'],
          },
        },
        token,
      )
    ).createIncident;

  const comment = (incidentId: string, body: string, token = manager) =>
    call(
      `mutation($incidentId: ID!, $body: String!) { addIncidentComment(incidentId: $incidentId, body: $body, visibility: PUBLIC) { id } }`,
      { incidentId, body },
      token,
    );

  beforeAll(async () => {
    stack = await startStack();
    manager = await tokenFor('mim-mgr', ['major_incident_manager', 'problem_manager', 'change_manager'], {
      name: 'Morgan Manager',
    });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
    // Each test starts with no subscription open, so counts of open subscriptions mean what they say.
    await eventually(async () => expect(await openSubscriptions(stack.gatewayUrl)).toBe(0));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('streams timeline entries recorded by the incident, problem and change services, with fields of other subgraphs', async () => {
    const incident = await createIncident('Checkout down: 502 on every call');
    // `after: 1` (the `created` entry): everything recorded from here on, even before the socket is set up.
    const live = open(manager).subscribe<TimelinePayload>(timelineSubscription, {
      incidentId: incident.id,
      after: 1,
    });

    await comment(incident.id, 'Looking at the load balancer');
    const [first] = await live.waitFor(1);
    expect(first?.data?.incidentTimeline).toMatchObject({ kind: 'comment_added', source: 'incident' });

    const problem = await call<{ createProblem: { number: string } }>(
      `mutation($input: CreateProblemInput!) { createProblem(input: $input) { number } }`,
      { input: { title: 'Pool exhaustion', description: 'Why', priority: 'P1', incidentIds: [incident.id] } },
    );
    await live.waitFor(2);
    const change = await call<{ createChangeRequest: { number: string } }>(
      `mutation($input: CreateChangeRequestInput!) { createChangeRequest(input: $input) { number } }`,
      {
        input: {
          title: 'Raise the pool size',
          description: 'Emergency fix',
          type: 'EMERGENCY',
          risk: 'HIGH',
          implementationPlan: 'Edit the pool size',
          rollbackPlan: 'Revert it',
          testPlan: 'Watch the 502 rate',
          plannedStart: new Date(Date.now() + 60_000).toISOString(),
          plannedEnd: new Date(Date.now() + 3_600_000).toISOString(),
          affectedServices: ['checkout'],
          incidentLinks: [{ incidentId: incident.id, relation: 'FIXES' }],
        },
      },
    );

    const received = await live.waitFor(3);
    const entries = received.map((payload) => payload.data!.incidentTimeline);
    expect(entries.map((entry) => entry.source)).toEqual(['incident', 'problem', 'change']);
    expect(entries.map((entry) => entry.position)).toEqual([2, 3, 4]);
    // Fields owned by the problem and change subgraphs, resolved through federation at delivery time.
    const last = entries[2]!;
    expect(last.incident.number).toBe(incident.number);
    expect(last.incident.problems.map((linked) => linked.number)).toEqual([problem.createProblem.number]);
    expect(last.incident.changes.map((linked) => linked.number)).toEqual([change.createChangeRequest.number]);
    expect(last.incident.metrics).not.toBeNull();
    expect(received.every((payload) => payload.errors === undefined)).toBe(true);
  });

  it('a client reconnecting with the last position it saw gets every missed entry once, then live ones', async () => {
    const incident = await createIncident('Payments slow');
    const firstSocket = open(manager);
    const before = firstSocket.subscribe<{ incidentTimeline: { position: number; kind: string } }>(
      plainTimeline,
      {
        incidentId: incident.id,
        after: 0,
      },
    );
    await comment(incident.id, 'one');
    await comment(incident.id, 'two');
    const seen = await before.waitFor(3);
    expect(seen.map((payload) => payload.data!.incidentTimeline.kind)).toEqual([
      'created',
      'comment_added',
      'comment_added',
    ]);
    const lastSeen = seen.at(-1)!.data!.incidentTimeline.position;
    await firstSocket.dispose();

    for (const body of ['three', 'four', 'five']) await comment(incident.id, body);

    const again = open(manager).subscribe<{ incidentTimeline: { position: number; kind: string } }>(
      plainTimeline,
      {
        incidentId: incident.id,
        after: lastSeen,
      },
    );
    await again.waitFor(3);
    await comment(incident.id, 'six');
    const replayed = await again.waitFor(4);
    const positions = replayed.map((payload) => payload.data!.incidentTimeline.position);
    expect(positions).toEqual([lastSeen + 1, lastSeen + 2, lastSeen + 3, lastSeen + 4]);
    expect(lastSeen).toBe(3);
    expect(replayed.every((payload) => payload.data!.incidentTimeline.kind === 'comment_added')).toBe(true);
    // Nothing more arrives: no duplicate of a replayed entry.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(again.received).toHaveLength(4);
  });

  it('every gateway process delivers: a second gateway (its own OS process) gets the same entries', async () => {
    let second: GatewayProcess | null = null;
    try {
      second = await startGatewayProcess(stack.gatewayEnvironment);
      const incident = await createIncident('Two replicas');
      const onFirst = open(manager).subscribe<{ incidentTimeline: { position: number } }>(plainTimeline, {
        incidentId: incident.id,
      });
      const onSecond = open(manager, second.url).subscribe<{ incidentTimeline: { position: number } }>(
        plainTimeline,
        {
          incidentId: incident.id,
        },
      );
      // Both subscriptions are set up once each answers with a first entry.
      await eventually(async () => {
        await comment(incident.id, 'ping');
        expect(onFirst.received.length).toBeGreaterThan(0);
        expect(onSecond.received.length).toBeGreaterThan(0);
      });
      await comment(incident.id, 'both of you');
      const lastPosition = onFirst.received.length + 1;
      await eventually(() => {
        expect(onFirst.received.at(-1)?.data?.incidentTimeline.position).toBeGreaterThanOrEqual(lastPosition);
        expect(onSecond.received.at(-1)?.data?.incidentTimeline.position).toBe(
          onFirst.received.at(-1)?.data?.incidentTimeline.position,
        );
      });
    } finally {
      await second?.stop();
    }
  });

  it('re-checks authorization per event: a consultant removed from the incident stops receiving it at once', async () => {
    const consultant = await tokenFor('vendor-7', ['external_consultant'], { name: 'Vera Vendor' });
    const incident = await createIncident('Vendor firewall drops traffic');
    const other = await createIncident('Unrelated outage');
    await call(
      `mutation($input: AddIncidentParticipantInput!) { addIncidentParticipant(input: $input) { id } }`,
      {
        input: {
          incidentId: incident.id,
          person: { id: 'vendor-7', name: 'Vera Vendor' },
          role: 'EXTERNAL_CONSULTANT',
        },
      },
    );

    const socket = open(consultant);
    // From the start (`after: 0`): created, participant_added, then what follows.
    const timeline = socket.subscribe<{ incidentTimeline: { kind: string } }>(plainTimeline, {
      incidentId: incident.id,
      after: 0,
    });
    const updates = socket.subscribe<{ incidentUpdated: { id: string } }>(
      `subscription { incidentUpdated { id } }`,
    );
    const control = open(manager).subscribe<{ incidentUpdated: { id: string } }>(
      `subscription { incidentUpdated { id } }`,
    );
    await eventually(async () => expect(await openSubscriptions(stack.gatewayUrl)).toBe(3));

    await comment(incident.id, 'vendor, please check rule 42');
    const seen = await timeline.waitFor(3);
    expect(seen.map((payload) => payload.data?.incidentTimeline.kind)).toEqual([
      'created',
      'participant_added',
      'comment_added',
    ]);
    await updates.waitFor(1);
    await comment(other.id, 'not for the vendor');
    await control.waitFor(2);

    await call(
      `mutation($input: RemoveIncidentParticipantInput!) { removeIncidentParticipant(input: $input) { id } }`,
      { input: { incidentId: incident.id, userId: 'vendor-7' } },
    );
    // The removal itself is a timeline entry: the timeline subscription ends with an access error.
    expect(await timeline.ended).toBe('complete');
    const final = timeline.received.at(-1);
    expect(final?.errors?.[0]?.extensions?.code).toMatch(/^(NOT_FOUND|FORBIDDEN)$/);

    const controlBefore = control.received.length;
    await comment(incident.id, 'after the removal');
    await control.waitFor(controlBefore + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const consultantSaw = updates.received.map((payload) => payload.data?.incidentUpdated.id);
    expect(consultantSaw.every((id) => id === incident.id)).toBe(true);
    // The comment after the removal produced an update to staff, and none to the consultant.
    const updatesBeforeRemoval = consultantSaw.length;
    expect(updates.received).toHaveLength(updatesBeforeRemoval);
    expect(control.received.at(-1)?.data?.incidentUpdated.id).toBe(incident.id);
  });

  it('incidentUpdated applies the filter of Query.incidents: only P1 incidents of the checkout service', async () => {
    const before = await openSubscriptions(stack.gatewayUrl);
    const filtered = open(manager).subscribe<{ incidentUpdated: { id: string; priority: string } }>(
      `subscription($filter: IncidentFilter) { incidentUpdated(filter: $filter) { id priority } }`,
      { filter: { priority: ['P1'], service: 'checkout' } },
    );
    await eventually(async () => expect(await openSubscriptions(stack.gatewayUrl)).toBe(before + 1));
    const urgent = await createIncident('Checkout down for every customer'); // EXTENSIVE x CRITICAL: P1, checkout
    const minor = (
      await call<{ createIncident: { id: string } }>(
        `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`,
        {
          input: {
            title: 'A typo on the checkout page',
            description: 'Cosmetic',
            channel: 'PORTAL',
            impact: 'MINOR',
            urgency: 'LOW',
            affectedServices: ['checkout'],
          },
        },
      )
    ).createIncident;
    await comment(minor.id, 'not urgent');
    await comment(urgent.id, 'urgent');
    // Updates of one incident may be merged into one payload (its latest state): at least one arrives.
    await filtered.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(filtered.received.map((payload) => payload.data?.incidentUpdated)).toEqual(
      filtered.received.map(() => ({ id: urgent.id, priority: 'P1' })),
    );
  });

  it('an end user receives updates of their own incidents only', async () => {
    const reporter = await tokenFor('user-1', ['end_user'], { name: 'Rita Reporter' });
    const own = await createIncident('My laptop cannot reach the VPN', reporter);
    const foreign = await createIncident('Someone else’s printer');
    const updates = open(reporter).subscribe<{ incidentUpdated: { id: string; status: string } }>(
      `subscription { incidentUpdated { id status } }`,
    );
    const control = open(manager).subscribe<{ incidentUpdated: { id: string } }>(
      `subscription { incidentUpdated { id } }`,
    );
    await eventually(async () => {
      await comment(own.id, 'We are on it');
      expect(updates.received.length).toBeGreaterThan(0);
    });
    await comment(foreign.id, 'Toner ordered');
    await eventually(() =>
      expect(control.received.some((payload) => payload.data?.incidentUpdated.id === foreign.id)).toBe(true),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(updates.received.every((payload) => payload.data?.incidentUpdated.id === own.id)).toBe(true);
  });

  it('majorIncidents delivers a declaration and the resolution of a major incident, and nothing else', async () => {
    const declared = await createIncident('Datacentre power loss');
    const ordinary = await createIncident('A printer jam');
    const before = await openSubscriptions(stack.gatewayUrl);
    const major = open(manager).subscribe<{
      majorIncidents: { id: string; isMajor: boolean; status: string; impactStatement: string | null };
    }>(`subscription { majorIncidents { id isMajor status impactStatement } }`);
    await eventually(async () => expect(await openSubscriptions(stack.gatewayUrl)).toBe(before + 1));

    await comment(ordinary.id, 'not major');
    await call(
      `mutation($input: DeclareMajorIncidentInput!) { declareMajorIncident(input: $input) { id } }`,
      {
        input: {
          id: declared.id,
          expectedVersion: declared.version,
          impactStatement: 'All of site B is dark',
        },
      },
    );
    const [first] = await major.waitFor(1);
    expect(first?.data?.majorIncidents).toEqual({
      id: declared.id,
      isMajor: true,
      status: 'NEW',
      impactStatement: 'All of site B is dark',
    });
    const current = await call<{ incident: { version: number } }>(
      `query($id: ID!) { incident(id: $id) { version } }`,
      {
        id: declared.id,
      },
    );
    await call(`mutation($input: ResolveIncidentInput!) { resolveIncident(input: $input) { id } }`, {
      input: {
        id: declared.id,
        expectedVersion: current.incident.version,
        resolutionCode: 'PERMANENT_FIX',
        resolutionNotes: 'Power restored',
        // No change fixed it (the utility restored power); a major incident otherwise needs one.
        resolutionWithoutChangeReason: 'Power restored by the utility; no change was needed',
      },
    });
    await eventually(() => expect(major.received.at(-1)?.data?.majorIncidents.status).toBe('RESOLVED'));
    expect(major.received.every((payload) => payload.data?.majorIncidents.id === declared.id)).toBe(true);
  });

  it('myNotifications streams the caller’s own in-app notifications, with the incident from another subgraph', async () => {
    const reporter = await tokenFor('user-inbox', ['end_user'], { name: 'Ines Inbox' });
    const before = await openSubscriptions(stack.gatewayUrl);
    const inbox = open(reporter).subscribe<{
      myNotifications: { subject: string; channel: string; incident: { number: string } | null };
    }>(`subscription { myNotifications { subject channel incident { number } } }`);
    const staffInbox = open(manager).subscribe<{ myNotifications: { subject: string } }>(
      `subscription { myNotifications { subject } }`,
    );
    await eventually(async () => expect(await openSubscriptions(stack.gatewayUrl)).toBe(before + 2));

    const incident = await createIncident('My monitor flickers', reporter);
    const [received] = await inbox.waitFor(1);
    expect(received?.data?.myNotifications).toMatchObject({
      channel: 'IN_APP',
      incident: { number: incident.number },
    });
    expect(received?.data?.myNotifications.subject).toContain(incident.number);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The manager's own inbox got nothing: the notification was addressed to the reporter.
    expect(staffInbox.received).toHaveLength(0);
    expect(inbox.received).toHaveLength(1);
  });

  it('a subscription sent straight to a subgraph is refused with a coded error pointing at the gateway', async () => {
    const response = await graphqlRequest(
      stack.services.incident.url,
      `subscription { majorIncidents { id } }`,
      {
        token: manager,
      },
    );
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(response.errors?.[0]?.message).toMatch(/gateway over graphql-ws/);
  });

  it('closes the socket when the token expires', async () => {
    const shortLived = await tokenFor('mim-brief', ['service_desk_technician'], { expiresIn: 2 });
    const socket = open(shortLived);
    socket.subscribe(`subscription { majorIncidents { id } }`);
    const closed = await socket.closed;
    expect(closed.code).toBe(4401);
    expect(closed.reason).toMatch(/expired/);
  });

  it.each([
    ['alg none', () => Promise.resolve(unsignedToken())],
    ['a wrong key', async () => signed({ secret: 'another-secret-that-is-long-enough-for-hs256' })],
    ['a wrong audience', async () => signed({ audience: 'someone-else' })],
    ['an expired token', async () => signed({ expiresAt: Math.floor(Date.now() / 1000) - 60 })],
  ])('refuses a socket whose token has %s', async (_case, makeToken) => {
    const socket = open(await makeToken());
    const closed = await socket.closed;
    expect(closed.code).toBe(4401);
    expect(closed.reason).toMatch(/^UNAUTHENTICATED/);
  });

  it('refuses a socket without a token', async () => {
    const closed = await open(null).closed;
    expect(closed.code).toBe(4401);
  });
});

async function signed(options: { secret?: string; audience?: string; expiresAt?: number }): Promise<string> {
  return new SignJWT({ roles: ['major_incident_manager'], name: 'Forger' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('mim-forger')
    .setIssuer(testAuth.issuer)
    .setAudience(options.audience ?? testAuth.audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + 600)
    .sign(new TextEncoder().encode(options.secret ?? testAuth.secret));
}

function unsignedToken(): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({
    sub: 'mim-forger',
    roles: ['admin'],
    iss: testAuth.issuer,
    aud: testAuth.audience,
    iat: now,
    exp: now + 600,
  })}.`;
}
